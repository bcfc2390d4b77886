import { AbortError } from '@colloquy/chat-core';

/** Waits `ms`, rejecting with AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortErrorFor(signal));
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      if (signal) reject(abortErrorFor(signal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** The chat-core AbortError for an aborted signal, keeping its reason as the cause. */
export function abortErrorFor(signal: AbortSignal): AbortError {
  return new AbortError({ provider: 'mock', cause: signal.reason });
}
