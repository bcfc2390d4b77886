// Test-only transports that implement `tryNext`, to check the chat's synchronous pull against
// the plain `next()` path over the very same chunks.
import type { AsyncModels, BufferedAsyncIterator } from '../types/models';

export interface BufferedIteratorStats {
  /** `next()` calls: each is one simulated read, after which `burst` items are held. */
  nexts: number;
  /** `tryNext()` calls that returned a result. */
  hits: number;
  returned: boolean;
}

/**
 * An iterator over `items` that reads them in bursts: `next()` waits a microtask and then
 * holds the next `burst` items (the one it returns included), which `tryNext()` hands out
 * until they run out. `error`, if given, fails the stream after the last item.
 */
export function bufferedIterator<T>(
  items: readonly T[],
  options: { burst: number; error?: unknown },
): BufferedAsyncIterator<T> & AsyncIterable<T> & { stats: BufferedIteratorStats } {
  const stats: BufferedIteratorStats = { nexts: 0, hits: 0, returned: false };
  let at = 0;
  let held = 0;
  let finished = false;
  const take = (): IteratorResult<T, undefined> => {
    if (at < items.length) return { done: false, value: items[at++] as T };
    finished = true;
    if (options.error !== undefined) throw options.error;
    return { done: true, value: undefined };
  };
  return {
    stats,
    tryNext() {
      if (finished) return { done: true, value: undefined };
      if (held === 0) return undefined;
      held -= 1;
      stats.hits += 1;
      return take();
    },
    async next() {
      stats.nexts += 1;
      await Promise.resolve();
      if (finished) return { done: true, value: undefined };
      held = options.burst - 1;
      return take();
    },
    async return() {
      stats.returned = true;
      finished = true;
      return { done: true, value: undefined };
    },
    [Symbol.asyncIterator]() {
      return this;
    },
  };
}

/**
 * `models` with each stream read ahead and replayed through `bufferedIterator`: the same
 * chunks, and the same error after them, as the plain stream gives.
 */
export function bufferedTransport(
  models: AsyncModels,
  burst: number,
): AsyncModels & { streams: BufferedIteratorStats[] } {
  const streams: BufferedIteratorStats[] = [];
  return {
    streams,
    specificationVersion: models.specificationVersion,
    generateContent: (params) => models.generateContent(params),
    async generateContentStream(params) {
      const source = await models.generateContentStream(params);
      const items = [];
      let error: unknown;
      try {
        for await (const chunk of source) items.push(chunk);
      } catch (caught) {
        error = caught;
      }
      const iterator = bufferedIterator(items, { burst, error });
      streams.push(iterator.stats);
      return iterator;
    },
  };
}
