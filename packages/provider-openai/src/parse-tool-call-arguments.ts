import { exceedsJsonDepth } from '@colloquy/provider-kit';

/** The outcome of reading a tool call's `arguments`: an object, or the raw text that failed. */
export type ParsedToolCallArguments =
  | { ok: true; args: Record<string, unknown> }
  | { ok: false; raw: string };

/**
 * Parses a tool call's `arguments`. OpenAI sends a JSON string; some compatible servers send
 * an object, or an empty string for a function without parameters. Anything that is not a
 * JSON object is malformed.
 */
export function parseToolCallArguments(value: unknown): ParsedToolCallArguments {
  if (value === undefined || value === null) return { ok: true, args: {} };
  if (typeof value === 'object' && !Array.isArray(value)) {
    return { ok: true, args: value as Record<string, unknown> };
  }
  const raw = typeof value === 'string' ? value : JSON.stringify(value);
  if (raw.trim() === '') return { ok: true, args: {} };
  // Absurdly nested arguments would blow the stack later (copying, converting); treat them
  // as malformed, which keeps the turn out of the curated history.
  if (exceedsJsonDepth(raw)) return { ok: false, raw };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { ok: false, raw };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    return { ok: false, raw };
  return { ok: true, args: parsed as Record<string, unknown> };
}
