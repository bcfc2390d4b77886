import type { FinishReason } from '@colloquy/chat-core';

/**
 * Maps Gemini's `finishReason` onto Colloquy's. Colloquy adopted Gemini's vocabulary, so a
 * reason passes through unchanged, including ones newer than this adapter (`IMAGE_SAFETY`,
 * `NO_IMAGE`, ...): dropping them would hide why a turn ended. A missing or empty reason
 * means the candidate has not finished yet.
 */
export function mapGeminiFinishReason(reason: string | null | undefined): FinishReason | undefined {
  return reason ? reason : undefined;
}
