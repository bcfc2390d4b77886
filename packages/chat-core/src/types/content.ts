import type { Part, PartProviderOptions } from './part';

/** Who produced a turn. Providers' `assistant` maps to `model`. */
export type Role = 'user' | 'model';

/** One turn of a conversation. */
export interface Content {
  role: Role;
  parts: Part[];
  /**
   * Settings of this turn for one provider, keyed by provider name (an Anthropic cache
   * breakpoint after the turn: `{ anthropic: { cacheControl: { type: 'ephemeral' } } }`).
   */
  providerOptions?: PartProviderOptions;
}

/** What `sendMessage` accepts: a string, a part, or a list of strings and parts. */
export type PartUnion = string | Part;
export type PartListUnion = PartUnion | PartUnion[];
