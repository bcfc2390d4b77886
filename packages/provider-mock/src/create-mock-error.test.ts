import {
  ApiError,
  AuthenticationError,
  ColloquyError,
  InvalidHistoryError,
  StreamInterruptedError,
  TimeoutError,
} from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { createMockError } from './create-mock-error';

describe('createMockError', () => {
  it('builds the real class with its scripted fields', () => {
    const error = createMockError({
      name: 'AuthenticationError',
      provider: 'openai',
      providerMessage: 'bad key',
    });
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(ApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, provider: 'openai', providerMessage: 'bad key' });
    expect(error.message).toContain('bad key');
  });

  it('fills the fields a class requires', () => {
    expect(createMockError({ name: 'ApiError' })).toMatchObject({ status: 400, provider: 'mock' });
    expect(createMockError({ name: 'TimeoutError' })).toMatchObject({ phase: 'request' });
    expect(createMockError({ name: 'TimeoutError' })).toBeInstanceOf(TimeoutError);
    expect(createMockError({ name: 'InvalidHistoryError' })).toBeInstanceOf(InvalidHistoryError);
  });

  it('lets context defaults be overridden by the spec', () => {
    const error = createMockError(
      { name: 'StreamInterruptedError', chunksReceived: 7 },
      { chunksReceived: 2 },
    );
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error).toMatchObject({ chunksReceived: 7 });
  });

  it("gives a plain Error for 'Error', outside the Colloquy hierarchy", () => {
    const error = createMockError({ name: 'Error', message: 'socket hang up' });
    expect(ColloquyError.isInstance(error)).toBe(false);
    expect(error.message).toBe('socket hang up');
  });
});
