import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ApiError } from './api-error';
import { AuthenticationError } from './authentication-error';
import { ColloquyError } from './colloquy-error';
import { deserializeError, serializeError } from './error-codec';
import { RateLimitError } from './rate-limit-error';
import { SessionConflictError } from './session-conflict-error';
import { TimeoutError } from './timeout-error';

describe('error classes', () => {
  it('isInstance works on the class and its ancestors, and not on siblings', () => {
    const error = new RateLimitError({
      provider: 'openai',
      retryAfterMs: 2000,
      requestId: 'req_1',
    });
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(ApiError.isInstance(error)).toBe(true);
    expect(ColloquyError.isInstance(error)).toBe(true);
    expect(AuthenticationError.isInstance(error)).toBe(false);
    expect(ColloquyError.isInstance(new Error('x'))).toBe(false);
    expect(ColloquyError.isInstance(null)).toBe(false);
  });

  it('isInstance works across duplicate package copies (markers are global symbols)', () => {
    // A "copy" of the class from another bundle: same marker string, different constructor.
    class CopiedRateLimitError extends Error {}
    const foreign = new CopiedRateLimitError('from another copy');
    for (const marker of [
      'colloquy.error',
      'colloquy.error.ApiError',
      'colloquy.error.RateLimitError',
    ]) {
      Object.defineProperty(foreign, Symbol.for(marker), { value: true });
    }
    expect(RateLimitError.isInstance(foreign)).toBe(true);
    expect(foreign instanceof RateLimitError).toBe(false);
  });

  it('messages say what happened and what to do', () => {
    const rate = new RateLimitError({
      provider: 'anthropic',
      retryAfterMs: 3000,
      providerMessage: 'Slow down',
      requestId: 'r-9',
    });
    expect(rate.message).toBe(
      "anthropic returned HTTP 429: Slow down (request id r-9). Wait 3 s before retrying, or raise maxRetries; check the account's quota.",
    );
    expect(rate.isRetryable).toBe(true);
    expect(new AuthenticationError({ provider: 'gemini' }).message).toMatch(/Check the API key/);
    expect(new TimeoutError({ provider: 'openai', timeoutMs: 500, phase: 'idle' }).message).toMatch(
      /idleTimeout/,
    );
  });

  it('markers stay out of JSON and inspect output; toJSON carries the fields', () => {
    const error = new RateLimitError({ provider: 'openai', retryAfterMs: 10, requestId: 'req_2' });
    const json = JSON.parse(JSON.stringify(error));
    expect(json).toMatchObject({
      name: 'RateLimitError',
      status: 429,
      provider: 'openai',
      requestId: 'req_2',
      retryAfterMs: 10,
    });
    expect(inspect(error)).not.toContain('Symbol(colloquy');
  });

  it('serializeError and deserializeError rebuild the same class with its fields and message', () => {
    const original = new RateLimitError({
      provider: 'openai',
      retryAfterMs: 1500,
      requestId: 'abc',
      providerMessage: 'busy',
    });
    const rebuilt = deserializeError(structuredClone(serializeError(original)));
    expect(RateLimitError.isInstance(rebuilt)).toBe(true);
    expect(rebuilt).toBeInstanceOf(RateLimitError);
    expect(rebuilt.message).toBe(original.message);
    expect(rebuilt).toMatchObject({
      status: 429,
      provider: 'openai',
      retryAfterMs: 1500,
      requestId: 'abc',
      providerMessage: 'busy',
    });
    const timeout = deserializeError(
      serializeError(new TimeoutError({ timeoutMs: 5, phase: 'bridge' })),
    );
    expect(timeout).toMatchObject({ name: 'TimeoutError', timeoutMs: 5, phase: 'bridge' });
    const conflict = deserializeError(
      serializeError(
        new SessionConflictError({ sessionId: 's1', expectedVersion: 2, actualVersion: 3 }),
      ),
    );
    expect(SessionConflictError.isInstance(conflict)).toBe(true);
    expect(conflict).toMatchObject({ sessionId: 's1', expectedVersion: 2, actualVersion: 3 });
    const plain = deserializeError(serializeError(new TypeError('bad')));
    expect(plain).toMatchObject({ name: 'TypeError', message: 'bad' });
  });
});
