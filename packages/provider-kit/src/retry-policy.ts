import { ApiError, ConnectionError, TimeoutError } from '@colloquy/chat-core';

/** Statuses worth retrying unless the server says otherwise (`x-should-retry`). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Backoff before retry number `retry` (0 for the first): min(0.5 * 2^retry, 8) s, shortened by
 * up to 25% of jitter so that clients that failed together do not retry together.
 */
export function backoffMs(retry: number, random: number): number {
  return Math.min(500 * 2 ** retry, 8000) * (1 - random * 0.25);
}

/** What the server said about retrying one failed attempt, kept beside the error it caused. */
export interface RetryHint {
  /** `x-should-retry: true|false` when present, else the status rule. */
  retryable: boolean;
  /** `retry-after-ms` / `Retry-After`, in ms, when present and valid. */
  afterMs: number | undefined;
}

/**
 * How long to wait before retrying `error`, or undefined to give up. A server hint above
 * `maxRetryDelay` gives up at once: waiting less than asked would fail again, and the caller
 * can read the wait from `RateLimitError.retryAfterMs`.
 */
export function retryDelayMs(args: {
  error: unknown;
  hint: RetryHint | undefined;
  retry: number;
  maxRetries: number;
  maxRetryDelay: number;
  random: number;
}): number | undefined {
  const { error, hint, retry, maxRetries, maxRetryDelay, random } = args;
  if (retry >= maxRetries) return undefined;
  let retryable: boolean;
  if (hint) retryable = hint.retryable;
  else if (ApiError.isInstance(error)) retryable = error.isRetryable;
  else retryable = ConnectionError.isInstance(error) || TimeoutError.isInstance(error);
  if (!retryable) return undefined;
  if (hint?.afterMs !== undefined) return hint.afterMs <= maxRetryDelay ? hint.afterMs : undefined;
  return Math.min(backoffMs(retry, random), maxRetryDelay);
}
