/** Which model to talk to and how: what the providers loader needs, with the model resolved. */
export interface ChatTarget {
  provider: string;
  model: string;
  /** Adapter options; may hold the API key, so never printed nor saved as is. */
  options: Record<string, unknown>;
}
