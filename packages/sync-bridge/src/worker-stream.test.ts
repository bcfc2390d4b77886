import { GenerateContentResponse, ServerError } from '@colloquy/chat-core';
import { deserializeError } from '@colloquy/chat-core/spec';
import { describe, expect, it } from 'vitest';
import type { StreamBatch } from './bridge-protocol';
import { WorkerStream } from './worker-stream';

const chunk = (text: string) =>
  new GenerateContentResponse({
    candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0 }],
  });

/**
 * A provider stream of `texts`, then `error` if given. With `stall`, every read after the
 * first waits until `return()`.
 */
function provider(texts: string[], options: { error?: Error; stall?: boolean } = {}) {
  const state = { reads: 0, returned: false };
  let closed = () => {};
  const whenClosed = new Promise<void>((resolve) => {
    closed = resolve;
  });
  let at = 0;
  const iterator: AsyncIterator<GenerateContentResponse> = {
    async next() {
      state.reads += 1;
      if (options.stall && state.reads > 1) {
        await whenClosed;
        return { done: true, value: undefined };
      }
      const text = texts[at++];
      if (text !== undefined) return { done: false, value: chunk(text) };
      if (options.error) throw options.error;
      return { done: true, value: undefined };
    },
    async return() {
      state.returned = true;
      closed();
      return { done: true, value: undefined };
    },
  };
  return { iterable: { [Symbol.asyncIterator]: () => iterator }, state };
}

const textsOf = (batch: StreamBatch) =>
  (batch.chunks ?? []).map((c) => c.candidates?.[0]?.content?.parts[0]?.text);
const take = (stream: WorkerStream) => stream.take(Date.now() + 10_000, 10_000);

describe('WorkerStream', () => {
  it('sends every chunk that arrived meanwhile in one batch, as plain cloneable data', async () => {
    const texts = Array.from({ length: 10 }, (_, i) => `t${i}`);
    const { iterable } = provider(texts);
    const batch = await take(new WorkerStream(iterable, new AbortController(), 'i'));
    expect(textsOf(batch)).toEqual(texts);
    expect(batch.done).toBe(true);
    expect(structuredClone(batch)).toEqual(batch);
  });

  it('passes on a provider error once, after the chunks before it', async () => {
    const failure = new ServerError({ provider: 'x', message: 'overloaded' });
    const { iterable } = provider(['a', 'b'], { error: failure });
    const batch = await take(new WorkerStream(iterable, new AbortController(), 'i'));
    expect(textsOf(batch)).toEqual(['a', 'b']);
    expect(ServerError.isInstance(deserializeError(batch.error ?? {}))).toBe(true);
  });

  it('cancel() aborts the request and closes the provider stream', async () => {
    const { iterable, state } = provider(['a', 'b', 'c'], { stall: true });
    const controller = new AbortController();
    const stream = new WorkerStream(iterable, controller, 'i');
    expect(textsOf(await take(stream))).toEqual(['a']);
    stream.cancel();
    await new Promise(setImmediate);
    expect(controller.signal.aborted).toBe(true);
    expect(state.returned).toBe(true);
    expect(await take(stream)).toEqual({ done: true });
  });
});
