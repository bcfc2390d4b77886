import type { ProviderName, ScriptedReply } from '@colloquy/test-server';
import type { HarnessReply } from '../conformance-harness';

/**
 * Events each fake sends before its first text event: the harness counts text chunks, the
 * fakes count framed events. OpenAI opens with a role chunk; Anthropic with
 * `message_start`, `content_block_start` and `ping`.
 */
const preambleEvents: Record<ProviderName, number> = { gemini: 0, openai: 1, anthropic: 3 };

/** The header each provider sends its request id in, where it has one. */
export const requestIdHeaders: Record<ProviderName, string | undefined> = {
  gemini: undefined,
  openai: 'x-request-id',
  anthropic: 'request-id',
};

/** A harness reply as the test server's script for `provider`. */
export function toScriptedReply(provider: ProviderName, reply: HarnessReply): ScriptedReply {
  const preamble = preambleEvents[provider];
  switch (reply.type) {
    case 'text':
      return reply.chunks === undefined
        ? { text: reply.text }
        : { text: reply.text, chunks: reply.chunks };
    case 'function-calls':
      return { functionCalls: reply.calls };
    case 'blocked':
      return { blocked: true };
    case 'empty':
      return { empty: true };
    case 'http-error': {
      const headers: Record<string, string> = {};
      if (reply.retryAfterSeconds !== undefined) {
        headers['retry-after'] = String(reply.retryAfterSeconds);
      }
      const idHeader = requestIdHeaders[provider];
      if (reply.requestId !== undefined && idHeader !== undefined) {
        headers[idHeader] = reply.requestId;
      }
      const scripted: ScriptedReply = { status: reply.status, headers };
      if (reply.message !== undefined) scripted.errorMessage = reply.message;
      return scripted;
    }
    case 'malformed-event':
      return {
        fault: 'malformed-event',
        text: reply.text,
        chunks: reply.chunks,
        atEvent: preamble + reply.atChunk,
      };
    case 'drop-mid-stream':
      return {
        fault: 'reset-mid-stream',
        text: reply.text,
        chunks: reply.chunks,
        afterEvents: preamble + reply.afterChunks,
      };
    case 'error-event': {
      const fault: ScriptedReply = {
        fault: 'error-event',
        text: reply.text,
        chunks: reply.chunks,
        afterEvents: preamble + reply.afterChunks,
      };
      if (reply.message !== undefined) fault.errorMessage = reply.message;
      return fault;
    }
    case 'stall-mid-stream':
      return {
        fault: 'stall-mid-stream',
        text: reply.text,
        chunks: reply.chunks,
        afterEvents: preamble + reply.afterChunks,
        stallMs: reply.stallMs,
      };
  }
}
