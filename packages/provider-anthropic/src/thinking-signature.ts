import type { Part } from '@colloquy/chat-core';
import { redactedThinkingData } from './redacted-thinking';

/**
 * Claude's thinking signatures travel in `thoughtSignature` behind this marker, so that the
 * adapter can tell its own from another provider's (a Gemini `thoughtSignature` is bare
 * base64): the API refuses a thinking block signed by anyone else. Base64 has no `:`, so a
 * marked signature never looks like a bare one.
 */
export const THINKING_SIGNATURE_PREFIX = 'anthropic:';

/** A signature from the API, as a part carries it. */
export function markThinkingSignature(signature: string): string {
  return `${THINKING_SIGNATURE_PREFIX}${signature}`;
}

/** The API's signature when `thoughtSignature` is one of Claude's, else `undefined`. */
export function thinkingSignatureOf(thoughtSignature: string): string | undefined {
  return thoughtSignature.startsWith(THINKING_SIGNATURE_PREFIX)
    ? thoughtSignature.slice(THINKING_SIGNATURE_PREFIX.length)
    : undefined;
}

/**
 * A thought another provider signed (a bare Gemini signature): the API would refuse it, so
 * it is left out, with a warning. Unsigned thought text is not counted: a streamed thinking
 * block reaches the history as unsigned parts closed by its signed one.
 */
export function isForeignThought(part: Part): boolean {
  const signature = part.thoughtSignature;
  if (part.thought !== true || signature === undefined || signature === '') return false;
  return (
    thinkingSignatureOf(signature) === undefined && redactedThinkingData(signature) === undefined
  );
}
