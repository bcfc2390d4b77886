import { AbortError, ServerError } from '@colloquy/chat-core';
import { serializeError } from '@colloquy/chat-core/spec';
import { describe, expect, it, vi } from 'vitest';
import type { StreamBatch } from './bridge-protocol';
import { BridgedStream, type StreamChannel } from './bridged-stream';

const chunk = (text: string) => ({
  candidates: [{ content: { role: 'model' as const, parts: [{ text }] } }],
});
const batch = (texts: string[], done: boolean, error?: Error): StreamBatch => ({
  ...(texts.length > 0 ? { chunks: texts.map(chunk) } : {}),
  done,
  ...(error ? { error: serializeError(error) } : {}),
});

function channel(batches: StreamBatch[]): StreamChannel & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    next: () => {
      calls.push('next');
      const next = batches.shift();
      if (!next) throw new Error('pulled past the end');
      return next;
    },
    cancel: () => {
      calls.push('cancel');
    },
    finished: () => {
      calls.push('finished');
    },
  };
}

describe('BridgedStream', () => {
  it('yields every chunk of each batch before pulling the next', () => {
    const ch = channel([batch(['c', 'd'], false), batch(['e'], true)]);
    const stream = new BridgedStream(batch(['a', 'b'], false), ch, undefined);
    const seen: string[] = [];
    for (const response of stream) {
      seen.push(`${response.text}@${ch.calls.filter((c) => c === 'next').length}`);
    }
    expect(seen).toEqual(['a@0', 'b@0', 'c@1', 'd@1', 'e@2']);
    expect(ch.calls).toEqual(['next', 'next', 'finished']);
  });

  it('throws the stream error after the chunks that came before it', () => {
    const ch = channel([]);
    const stream = new BridgedStream(
      batch(['a'], true, new ServerError({ provider: 'x' })),
      ch,
      undefined,
    );
    const seen: string[] = [];
    const run = () => {
      for (const response of stream) seen.push(response.text ?? '');
    };
    expect(run).toThrow(ServerError);
    expect(seen).toEqual(['a']);
    expect(ch.calls).toEqual(['finished']);
  });

  it('cancels the worker side when the consumer breaks while the stream is open', () => {
    const ch = channel([]);
    for (const _ of new BridgedStream(batch(['a', 'b'], false), ch, undefined)) break;
    expect(ch.calls).toEqual(['cancel', 'finished']);
  });

  it('does not cancel a stream that already ended', () => {
    const ch = channel([]);
    for (const _ of new BridgedStream(batch(['a', 'b'], true), ch, undefined)) break;
    expect(ch.calls).toEqual(['finished']);
  });

  it('stops with AbortError between batches once the signal aborts', () => {
    const controller = new AbortController();
    const ch = channel([batch(['never'], true)]);
    const stream = new BridgedStream(batch(['a'], false), ch, controller.signal);
    expect(stream.next().value?.text).toBe('a');
    controller.abort();
    expect(() => stream.next()).toThrow(AbortError);
    expect(ch.calls).toEqual(['cancel', 'finished']);
    expect(stream.next().done).toBe(true);
  });

  it('tells the models it finished exactly once', () => {
    const finished = vi.fn();
    const stream = new BridgedStream(batch(['a'], true), { ...channel([]), finished }, undefined);
    [...stream];
    stream.return();
    expect(finished).toHaveBeenCalledTimes(1);
  });
});
