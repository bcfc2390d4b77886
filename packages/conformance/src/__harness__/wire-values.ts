/** Loose readers for request bodies whose shape the harness does not control. */

export type WireRecord = Record<string, unknown>;

export function asRecord(value: unknown): WireRecord {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
    ? (value as WireRecord)
    : {};
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** Text a wire format carries as a string: JSON-parsed when it is JSON, else as is. */
export function parseMaybeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Arguments carried as a JSON string (OpenAI): parsed, or the raw text under `_raw`. */
export function parseArguments(value: unknown): Record<string, unknown> {
  if (typeof value !== 'string') return asRecord(value);
  const parsed = parseMaybeJson(value === '' ? '{}' : value);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    ? (parsed as Record<string, unknown>)
    : { _raw: value };
}
