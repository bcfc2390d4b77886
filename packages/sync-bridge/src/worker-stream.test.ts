import {
  type BufferedAsyncIterator,
  GenerateContentResponse,
  ServerError,
} from '@colloquy/chat-core';
import { deserializeError } from '@colloquy/chat-core/spec';
import { describe, expect, it } from 'vitest';
import type { StreamBatch } from './bridge-protocol';
import { decodeChunks } from './chunk-codec';
import { WorkerStream } from './worker-stream';

const chunk = (text: string) =>
  new GenerateContentResponse({
    candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0 }],
  });

/**
 * A provider stream that reads `burst` chunks at a time: `next()` waits a macrotask and
 * returns the first, `tryNext()` hands out the rest. `error` fails it after the last chunk;
 * `stall` makes every read after the first wait until `return()`.
 */
function bursts(texts: string[], burst: number, error?: Error, stall = false) {
  const state = { reads: 0, returned: false };
  let closed = () => {};
  const whenClosed = new Promise<void>((resolve) => {
    closed = resolve;
  });
  let at = 0;
  let held = 0;
  let failed = false;
  const take = (): IteratorResult<GenerateContentResponse, undefined> => {
    const text = texts[at];
    if (text !== undefined) {
      at += 1;
      return { done: false, value: chunk(text) };
    }
    if (error && !failed) {
      failed = true;
      throw error;
    }
    return { done: true, value: undefined };
  };
  const iterator: BufferedAsyncIterator<GenerateContentResponse> = {
    tryNext() {
      if (held === 0) return undefined;
      held -= 1;
      return take();
    },
    async next() {
      state.reads += 1;
      if (stall && state.reads > 1) {
        await whenClosed;
        return { done: true, value: undefined };
      }
      await new Promise(setImmediate);
      held = burst - 1;
      return take();
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
  batch.chunks ? decodeChunks(batch.chunks).map((c) => c.text) : [];

async function drain(stream: WorkerStream): Promise<{ texts: unknown[]; last: StreamBatch }> {
  const texts: unknown[] = [];
  for (;;) {
    const batch = await stream.take(Date.now() + 10_000, 10_000);
    texts.push(...textsOf(batch));
    if (batch.done) return { texts, last: batch };
  }
}

describe('WorkerStream', () => {
  it('takes the chunks a provider stream holds with tryNext, reading only when it must', async () => {
    const texts = Array.from({ length: 10 }, (_, i) => `t${i}`);
    const { iterable, state } = bursts(texts, 4);
    const { texts: got, last } = await drain(
      new WorkerStream(iterable, new AbortController(), 'i'),
    );
    expect(got).toEqual(texts);
    expect(last.error).toBeUndefined();
    // 10 chunks and the end in bursts of 4: three reads.
    expect(state.reads).toBe(3);
  });

  it('passes on an error thrown by tryNext once, after the chunks before it', async () => {
    const failure = new ServerError({ provider: 'x', message: 'overloaded' });
    const { iterable, state } = bursts(['a', 'b'], 5, failure);
    const { texts, last } = await drain(new WorkerStream(iterable, new AbortController(), 'i'));
    expect(texts).toEqual(['a', 'b']);
    expect(state.reads).toBe(1);
    expect(ServerError.isInstance(deserializeError(last.error ?? {}))).toBe(true);
  });

  it('cancel() aborts the request and closes a stream read with tryNext', async () => {
    const { iterable, state } = bursts(['a', 'b', 'c'], 2, undefined, true);
    const controller = new AbortController();
    const stream = new WorkerStream(iterable, controller, 'i');
    expect(textsOf(await stream.take(Date.now() + 10_000, 10_000))).toEqual(['a', 'b']);
    stream.cancel();
    await new Promise(setImmediate);
    expect(controller.signal.aborted).toBe(true);
    expect(state.returned).toBe(true);
    expect(await stream.take(Date.now() + 10_000, 10_000)).toEqual({ done: true });
  });
});
