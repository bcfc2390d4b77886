import type { BufferedAsyncIterator } from '@colloquy/chat-core';
/** An SSE event as provider-kit's stream yields it (structurally; no dependency on the kit). */
export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

export interface BufferedEventsState {
  /** `next()` calls: each is one simulated network read. */
  reads: number;
  closed: boolean;
}

/**
 * Events that arrive in bursts, like provider-kit's SseStream, for adapters' tryNext tests. `next()` waits a
 * microtask and then holds the next `burst` events (the one it returns included), which
 * `tryNext()` hands out until they run out. `error` fails the stream after the last event.
 */
export function bufferedEvents(
  events: ReadonlyArray<string | SseEvent>,
  burst: number,
  options: { error?: unknown } = {},
): { iterable: AsyncIterable<SseEvent>; state: BufferedEventsState } {
  const state: BufferedEventsState = { reads: 0, closed: false };
  let at = 0;
  let held = 0;
  let failed = false;
  const end: IteratorReturnResult<undefined> = { done: true, value: undefined };
  const take = (): IteratorResult<SseEvent, undefined> => {
    const event = events[at];
    if (event !== undefined) {
      at += 1;
      return { done: false, value: typeof event === 'string' ? { data: event } : event };
    }
    if (options.error !== undefined && !failed) {
      failed = true;
      throw options.error;
    }
    return end;
  };
  const iterator: BufferedAsyncIterator<SseEvent> = {
    tryNext() {
      if (state.closed) return end;
      if (held === 0) return undefined;
      held -= 1;
      return take();
    },
    async next() {
      state.reads += 1;
      await Promise.resolve();
      if (state.closed) return end;
      held = burst - 1;
      return take();
    },
    async return() {
      state.closed = true;
      return end;
    },
  };
  return { iterable: { [Symbol.asyncIterator]: () => iterator }, state };
}
