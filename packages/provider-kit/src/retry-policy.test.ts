import { ApiError, ConnectionError, InvalidResponseError, TimeoutError } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { backoffMs, retryDelayMs } from './retry-policy';

const base = { retry: 0, maxRetries: 2, maxRetryDelay: 60_000, random: 0 };

describe('backoffMs', () => {
  it('doubles from 0.5 s up to 8 s', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => backoffMs(n, 0))).toEqual([
      500, 1000, 2000, 4000, 8000, 8000, 8000,
    ]);
  });

  it('jitters down by at most 25%', () => {
    expect(backoffMs(0, 0.999999)).toBeGreaterThan(375);
    expect(backoffMs(0, 0.5)).toBe(437.5);
  });
});

describe('retryDelayMs', () => {
  it('retries connection errors and request timeouts with backoff', () => {
    expect(retryDelayMs({ ...base, error: new ConnectionError({}), hint: undefined })).toBe(500);
    const timeout = new TimeoutError({ phase: 'request', timeoutMs: 1 });
    expect(retryDelayMs({ ...base, retry: 1, error: timeout, hint: undefined })).toBe(1000);
  });

  it('does not retry unreadable responses', () => {
    expect(retryDelayMs({ ...base, error: new InvalidResponseError({}), hint: undefined })).toBe(
      undefined,
    );
  });

  it('stops when retries are used up', () => {
    expect(
      retryDelayMs({ ...base, retry: 2, error: new ConnectionError({}), hint: undefined }),
    ).toBeUndefined();
  });

  it('waits what the server asked, and gives up when it asks more than the cap', () => {
    const error = new ApiError({ status: 429, provider: 'p' });
    expect(retryDelayMs({ ...base, error, hint: { retryable: true, afterMs: 1234 } })).toBe(1234);
    expect(
      retryDelayMs({
        ...base,
        maxRetryDelay: 1000,
        error,
        hint: { retryable: true, afterMs: 1234 },
      }),
    ).toBeUndefined();
  });

  it('lets x-should-retry override the status rule', () => {
    const error = new ApiError({ status: 400, provider: 'p' });
    expect(retryDelayMs({ ...base, error, hint: { retryable: true, afterMs: undefined } })).toBe(
      500,
    );
    const server = new ApiError({ status: 503, provider: 'p' });
    expect(
      retryDelayMs({ ...base, error: server, hint: { retryable: false, afterMs: undefined } }),
    ).toBeUndefined();
  });

  it('caps the backoff at maxRetryDelay', () => {
    expect(
      retryDelayMs({
        ...base,
        retry: 5,
        maxRetries: 9,
        maxRetryDelay: 100,
        error: new ConnectionError({}),
        hint: undefined,
      }),
    ).toBe(100);
  });
});
