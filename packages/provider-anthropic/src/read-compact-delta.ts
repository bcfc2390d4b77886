import type { Part } from '@colloquy/chat-core';

// A text or thinking delta exactly as the API serialises it (compact, in this key order):
//   {"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"..."}}
// These are nearly all of a stream's events, and parsing just the string literal costs a
// fraction of a full JSON.parse, with less garbage. Anything else (spacing, extra keys, a
// literal JSON refuses) takes the general path, so the result never depends on the shortcut.
const DELTA_HEAD = '{"type":"content_block_delta","index":';
const TEXT_DELTA = ',"delta":{"type":"text_delta","text":';
const THINKING_DELTA = ',"delta":{"type":"thinking_delta","thinking":';

/** The part a compact text or thinking delta carries; `undefined` when it is not one. */
export function readCompactDelta(data: string): Part | undefined {
  if (!data.startsWith(DELTA_HEAD) || !data.endsWith('}}')) return undefined;
  let at = DELTA_HEAD.length;
  const digits = at;
  while (at < data.length) {
    const c = data.charCodeAt(at);
    if (c < 48 || c > 57) break;
    at++;
  }
  if (at === digits) return undefined;
  let thought: boolean;
  if (data.startsWith(TEXT_DELTA, at)) {
    thought = false;
    at += TEXT_DELTA.length;
  } else if (data.startsWith(THINKING_DELTA, at)) {
    thought = true;
    at += THINKING_DELTA.length;
  } else {
    return undefined;
  }
  // What is left before the closing braces must be exactly one JSON string. Without escapes
  // (the usual case) its characters are the text itself.
  const close = data.length - 3;
  if (close <= at || data.charCodeAt(at) !== 34 || data.charCodeAt(close) !== 34) return undefined;
  let plain = true;
  for (let i = at + 1; i < close; i++) {
    const c = data.charCodeAt(i);
    if (c === 92 /* \ */ || c === 34 /* " */ || c < 32) {
      plain = false;
      break;
    }
  }
  let text: unknown;
  if (plain) text = data.slice(at + 1, close);
  else {
    try {
      text = JSON.parse(data.slice(at, close + 1));
    } catch {
      return undefined;
    }
  }
  if (typeof text !== 'string') return undefined;
  return thought ? { text, thought: true } : { text };
}
