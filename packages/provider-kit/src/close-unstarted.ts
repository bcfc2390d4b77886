/**
 * `generator`, except that `return()` before the first `next()` runs `close`: a generator
 * skips its `finally` then, and an HTTP body abandoned before it was read would stay open.
 */
export function closeUnstarted<T>(
  generator: AsyncGenerator<T, void, undefined>,
  close: () => unknown,
): AsyncGenerator<T, void, undefined> {
  let started = false;
  const guarded: AsyncGenerator<T, void, undefined> = {
    next() {
      started = true;
      return generator.next();
    },
    async return(value) {
      if (!started) {
        started = true;
        await close();
      }
      return generator.return(value);
    },
    throw(error) {
      started = true;
      return generator.throw(error);
    },
    [Symbol.asyncIterator]() {
      return guarded;
    },
  };
  return guarded;
}
