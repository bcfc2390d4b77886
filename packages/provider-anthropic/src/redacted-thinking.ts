import type { Part } from '@colloquy/chat-core';

/**
 * A `redacted_thinking` block has encrypted data and no text. It travels as an empty thought
 * part whose `thoughtSignature` is this prefix plus the data. Real thinking signatures are
 * base64, which has no `:`, so the two never collide.
 */
export const REDACTED_THINKING_PREFIX = 'redacted_thinking:';

/** The part that carries a `redacted_thinking` block through the history. */
export function redactedThinkingPart(data: string): Part {
  return { text: '', thought: true, thoughtSignature: `${REDACTED_THINKING_PREFIX}${data}` };
}

/** The encrypted data when `signature` marks a redacted thinking block, else `undefined`. */
export function redactedThinkingData(signature: string): string | undefined {
  return signature.startsWith(REDACTED_THINKING_PREFIX)
    ? signature.slice(REDACTED_THINKING_PREFIX.length)
    : undefined;
}
