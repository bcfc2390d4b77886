import { ConfigurationError } from '@colloquy/chat-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveApiKey } from './resolve-api-key';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.unstubAllGlobals();
});

describe('resolveApiKey', () => {
  it('prefers the apiKey option over the environment', () => {
    vi.stubEnv('GEMINI_API_KEY', 'from-env');
    expect(
      resolveApiKey({ provider: 'gemini', apiKey: 'from-option', envVars: ['GEMINI_API_KEY'] }),
    ).toBe('from-option');
  });

  it('takes the first environment variable that is set, in order', () => {
    vi.stubEnv('GEMINI_API_KEY', '');
    vi.stubEnv('GOOGLE_API_KEY', 'google-key');
    expect(
      resolveApiKey({ provider: 'gemini', envVars: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] }),
    ).toBe('google-key');
  });

  it('names the option and every environment variable when no key is found', () => {
    vi.stubEnv('GEMINI_API_KEY', '');
    vi.stubEnv('GOOGLE_API_KEY', '');
    const attempt = () =>
      resolveApiKey({ provider: 'gemini', envVars: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'] });
    expect(attempt).toThrow(ConfigurationError);
    expect(attempt).toThrow('Set GEMINI_API_KEY or GOOGLE_API_KEY, or pass apiKey');
  });

  it('treats a blank apiKey option as missing', () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    expect(() =>
      resolveApiKey({ provider: 'openai', apiKey: '  ', envVars: ['OPENAI_API_KEY'] }),
    ).toThrow(/apiKey option given is empty/);
  });

  it('does not crash where there is no process (browsers)', () => {
    vi.stubGlobal('process', undefined);
    let error: unknown;
    try {
      resolveApiKey({ provider: 'anthropic', envVars: ['ANTHROPIC_API_KEY'] });
    } catch (caught) {
      error = caught;
    }
    vi.unstubAllGlobals();
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(resolveApiKey({ provider: 'anthropic', apiKey: 'k', envVars: [] })).toBe('k');
  });
});
