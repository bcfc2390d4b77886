import type { GenerateContentResponse } from '@colloquy/chat-core';
import type { StreamEvent } from '../stream-log/stream-log';
import type { EventEncoder } from './event-encoder';

const frame = (chunk: unknown) => `data: ${JSON.stringify(chunk)}\n\n`;

/**
 * The Vercel AI SDK's UI message stream (v1, AI SDK 5), what `useChat` reads: one assistant
 * message per turn, its text and thoughts as text and reasoning parts. Function-call rounds
 * are not mapped (their text is).
 */
export function uiMessageEncoder(sessionId: string, turn: number): EventEncoder {
  const textId = `text-${turn}`;
  const reasoningId = `reasoning-${turn}`;
  let open: 'text' | 'reasoning' | undefined;

  function switchTo(kind: 'text' | 'reasoning' | undefined): string {
    if (open === kind) return '';
    let out = '';
    if (open) out += frame({ type: `${open}-end`, id: open === 'text' ? textId : reasoningId });
    if (kind) out += frame({ type: `${kind}-start`, id: kind === 'text' ? textId : reasoningId });
    open = kind;
    return out;
  }

  function chunk(data: string): string {
    const response = JSON.parse(data) as GenerateContentResponse;
    let out = '';
    for (const part of response.candidates?.[0]?.content?.parts ?? []) {
      if (typeof part.text !== 'string' || part.text === '') continue;
      const kind = part.thought ? 'reasoning' : 'text';
      out += switchTo(kind);
      out += frame({
        type: `${kind}-delta`,
        id: kind === 'text' ? textId : reasoningId,
        delta: part.text,
      });
    }
    return out;
  }

  return {
    headers: { 'x-vercel-ai-ui-message-stream': 'v1' },
    open: () =>
      frame({ type: 'start', messageId: `${sessionId}:${turn}` }) + frame({ type: 'start-step' }),
    encode(event: StreamEvent) {
      if (event.event === 'chunk') return chunk(event.data);
      if (event.event === 'error') {
        const { message } = JSON.parse(event.data) as { message: string };
        return switchTo(undefined) + frame({ type: 'error', errorText: message });
      }
      return `${switchTo(undefined) + frame({ type: 'finish-step' }) + frame({ type: 'finish' })}data: [DONE]\n\n`;
    },
    fail: (error) =>
      `${switchTo(undefined) + frame({ type: 'error', errorText: error.message })}data: [DONE]\n\n`,
  };
}
