import { AuthenticationError, ConfigurationError, RateLimitError } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { DemoError } from '../demo-error';
import { describeError } from './describe-error';

describe('describeError', () => {
  it('shows a Colloquy error as its class and message', () => {
    const error = new ConfigurationError({
      provider: 'openai',
      message: 'No API key for openai. Set OPENAI_API_KEY, or pass apiKey to the openai provider.',
    });
    expect(describeError(error)).toBe(
      'ConfigurationError: No API key for openai. Set OPENAI_API_KEY, or pass apiKey to the openai provider.',
    );
  });

  it('keeps to one line and never shows a stack', () => {
    const error = new RateLimitError({
      provider: 'anthropic',
      message: 'Rate limited.\n  Wait a minute.',
    });
    const line = describeError(error);
    expect(line).toBe('RateLimitError: Rate limited. Wait a minute.');
    expect(describeError(new Error('boom'))).toBe('Unexpected error: boom');
    expect(describeError('text')).toBe('Unexpected error: text');
    expect(describeError(new DemoError('Fix the file.'))).toBe('Fix the file.');
  });

  it('masks the keys it is given', () => {
    const error = new AuthenticationError({
      provider: 'openai',
      message: 'Incorrect API key provided: sk-abcdef123.',
    });
    expect(describeError(error, ['sk-abcdef123'])).toBe(
      'AuthenticationError: Incorrect API key provided: [redacted].',
    );
  });
});
