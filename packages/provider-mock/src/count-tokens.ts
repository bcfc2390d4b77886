import type { Content, Part } from '@colloquy/chat-core';

/**
 * Deterministic stand-in for a tokenizer: a text part counts its whitespace-separated words,
 * any other part (function call, function response, inline data) counts 1.
 */
export function countTokens(parts: readonly Part[]): number {
  let count = 0;
  for (const part of parts) {
    if (typeof part.text === 'string') count += part.text.split(/\s+/).filter(Boolean).length;
    else count += 1;
  }
  return count;
}

/** Token count of every part of every content. */
export function countContentTokens(contents: readonly Content[]): number {
  let count = 0;
  for (const content of contents) count += countTokens(content.parts ?? []);
  return count;
}
