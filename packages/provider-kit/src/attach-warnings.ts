import type { GenerateContentResponse, ResponseWarning } from '@colloquy/chat-core';

/**
 * Puts `warnings` on a response (a whole reply, or a stream's first chunk through
 * `mapEventStream`'s `onFirstChunk`), when there are any.
 */
export function attachWarnings(
  response: GenerateContentResponse,
  warnings: readonly ResponseWarning[],
): GenerateContentResponse {
  if (warnings.length > 0) response.warnings = [...warnings];
  return response;
}
