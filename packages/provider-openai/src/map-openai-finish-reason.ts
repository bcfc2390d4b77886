import type { FinishReason } from '@colloquy/chat-core';

/**
 * OpenAI's `finish_reason` as a Gemini finish reason. A tool call finishes with `STOP`, as
 * in Gemini (which has no tool-use reason). `null`/missing gives `undefined`: the model has
 * not finished, or a compatible server did not say.
 */
export function mapOpenAIFinishReason(reason: string | null | undefined): FinishReason | undefined {
  switch (reason) {
    case undefined:
    case null:
      return undefined;
    case 'stop':
    case 'tool_calls':
    case 'function_call':
      return 'STOP';
    case 'length':
      return 'MAX_TOKENS';
    case 'content_filter':
      return 'SAFETY';
    default:
      return 'OTHER';
  }
}
