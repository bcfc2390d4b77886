import { ConfigurationError } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { resolveAnthropicOptions as resolve } from './anthropic-options';

const resolveAnthropicOptions = (options: Parameters<typeof resolve>[0]) =>
  resolve({ apiKey: 'k', ...options });

describe('resolveAnthropicOptions', () => {
  it('applies the documented defaults', () => {
    expect(resolveAnthropicOptions({})).toEqual({
      apiKey: 'k',
      messagesUrl: 'https://api.anthropic.com/v1/messages',
      anthropicVersion: '2023-06-01',
      defaultMaxTokens: 4096,
      leadingUserText: '(start of conversation)',
    });
  });

  it('appends /v1/messages to the base URL, ignoring trailing slashes', () => {
    expect(
      resolveAnthropicOptions({ baseUrl: 'http://127.0.0.1:8080/anthropic//' }).messagesUrl,
    ).toBe('http://127.0.0.1:8080/anthropic/v1/messages');
  });

  it.each([
    [{ baseUrl: 'ftp://example.com' }, 'baseUrl'],
    [{ defaultMaxTokens: -1 }, 'defaultMaxTokens'],
    [{ defaultMaxTokens: Number.NaN }, 'defaultMaxTokens'],
    [{ anthropicVersion: '' }, 'anthropicVersion'],
    [{ leadingUserText: '   ' }, 'leadingUserText'],
  ])('refuses %j, naming the option', (options, name) => {
    expect(() => resolveAnthropicOptions(options)).toThrow(ConfigurationError);
    expect(() => resolveAnthropicOptions(options)).toThrow(name);
  });
});
