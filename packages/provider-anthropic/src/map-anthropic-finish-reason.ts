import type { FinishReason } from '@colloquy/chat-core';

/**
 * Anthropic's `stop_reason` as a Gemini finish reason. A tool call finishes with `STOP`, as
 * in Gemini; a refusal is `SAFETY`; unknown reasons are `OTHER`. `null` (a stream that has
 * not stopped yet) and `pause_turn` (a server-tool turn Anthropic paused, which the adapter
 * continues) give `undefined`: a paused reply is not finished.
 */
export function mapAnthropicFinishReason(
  stopReason: string | null | undefined,
): FinishReason | undefined {
  switch (stopReason) {
    case null:
    case undefined:
    case 'pause_turn':
      return undefined;
    case 'end_turn':
    case 'stop_sequence':
    case 'tool_use':
      return 'STOP';
    case 'max_tokens':
    case 'model_context_window_exceeded':
      return 'MAX_TOKENS';
    case 'refusal':
      return 'SAFETY';
    default:
      return 'OTHER';
  }
}
