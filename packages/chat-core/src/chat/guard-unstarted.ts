/**
 * Generators skip their `finally` when `return()` is called before the first `next()`.
 * This wrapper makes `return()` on an unstarted stream run `cleanup` instead, so an
 * abandoned stream always releases the chat and closes the transport stream.
 */
export function guardUnstarted<T>(
  generator: Generator<T, void, undefined>,
  cleanup: () => void,
): Generator<T, void, undefined> {
  let started = false;
  const guarded: Generator<T, void, undefined> = {
    next() {
      started = true;
      return generator.next();
    },
    return(value) {
      if (!started) {
        started = true;
        cleanup();
      }
      return generator.return(value);
    },
    throw(error) {
      started = true;
      return generator.throw(error);
    },
    [Symbol.iterator]() {
      return guarded;
    },
  };
  return guarded;
}

/** `guardUnstarted` for an async generator; `cleanup` is awaited. */
export function guardUnstartedAsync<T>(
  generator: AsyncGenerator<T, void, undefined>,
  cleanup: () => unknown,
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
        await cleanup();
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
