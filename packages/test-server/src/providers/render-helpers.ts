import type { RenderContext } from './provider-emulation';

/** Rough token count (four characters a token): deterministic, good enough for usage fields. */
export function estimateTokens(text: string): number {
  return text.length === 0 ? 0 : Math.ceil(text.length / 4);
}

const marker = '\u0000piece\u0000';
const markerJson = JSON.stringify(marker);

/**
 * Pre-renders a JSON document around one string value: the builder is called once, each
 * piece then costs one JSON.stringify and two concatenations. Long scripted streams
 * (20,000 events) stay cheap this way.
 */
export function jsonTemplate(build: (value: string) => unknown): (piece: string) => string {
  const rendered = JSON.stringify(build(marker));
  const at = rendered.indexOf(markerJson);
  const prefix = rendered.slice(0, at);
  const suffix = rendered.slice(at + markerJson.length);
  return (piece) => prefix + JSON.stringify(piece) + suffix;
}

/** A deterministic id: `prefix` then `length` characters of `alphabet` derived from `sequence`. */
export function fakeId(prefix: string, sequence: number, length: number, alphabet: string): string {
  // A multiplicative hash spreads consecutive sequences so ids do not look like counters,
  // while staying reproducible.
  let state = (sequence * 2654435761) >>> 0;
  let out = '';
  for (let index = 0; index < length; index++) {
    state = (Math.imul(state ^ (state >>> 15), 2246822519) + index) >>> 0;
    out += alphabet[state % alphabet.length];
  }
  return prefix + out;
}

export const hexAlphabet = '0123456789abcdef';
export const base62Alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** The texts of an array of `{type:'text', text}` / `{text}` parts, joined with '\n'. */
export function textOfParts(parts: readonly unknown[]): string {
  const texts: string[] = [];
  for (const part of parts) {
    if (isRecord(part) && typeof part.text === 'string' && (part.type ?? 'text') === 'text') {
      texts.push(part.text);
    }
  }
  return texts.join('\n');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Total estimated prompt tokens of a parsed request. */
export function promptTokens(texts: readonly string[]): number {
  return Math.max(1, estimateTokens(texts.join('\n')));
}

/** The model a request named: in its body, or in its path (Gemini). */
export function modelOf(context: RenderContext): string {
  return context.request?.model ?? context.route.model ?? 'unknown';
}
