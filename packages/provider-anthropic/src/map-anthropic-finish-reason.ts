import type { FinishReason } from '@colloquy/chat-core';

/**
 * Anthropic's `stop_reason` as a Gemini finish reason. A tool call and a paused server-tool
 * turn finish with `STOP`, as in Gemini; a refusal is `SAFETY`; unknown reasons are `OTHER`.
 * `null` (a stream that has not stopped yet) gives `undefined`.
 */
export function mapAnthropicFinishReason(
  stopReason: string | null | undefined,
): FinishReason | undefined {
  switch (stopReason) {
    case null:
    case undefined:
      return undefined;
    case 'end_turn':
    case 'stop_sequence':
    case 'tool_use':
    case 'pause_turn':
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
