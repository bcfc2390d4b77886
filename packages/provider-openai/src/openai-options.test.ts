import { ConfigurationError } from '@colloquy/chat-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveOpenAIOptions } from './openai-options';

afterEach(() => {
  vi.unstubAllEnvs();
});

function withoutKeys(): void {
  vi.stubEnv('OPENAI_API_KEY', '');
  vi.stubEnv('AZURE_OPENAI_API_KEY', '');
}

describe('resolveOpenAIOptions', () => {
  it('defaults to OpenAI with the key as a bearer token', () => {
    expect(resolveOpenAIOptions({ apiKey: 'sk-test' })).toEqual({
      apiKey: 'sk-test',
      url: 'https://api.openai.com/v1/chat/completions',
      headers: { authorization: 'Bearer sk-test' },
      secrets: ['sk-test'],
    });
  });

  it('falls back to OPENAI_API_KEY for OpenAI', () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-env');
    expect(resolveOpenAIOptions({}).headers).toEqual({ authorization: 'Bearer sk-from-env' });
  });

  it('requires a key for OpenAI, naming the option and the variable', () => {
    withoutKeys();
    expect(() => resolveOpenAIOptions({})).toThrow(ConfigurationError);
    expect(() => resolveOpenAIOptions({})).toThrow(/OPENAI_API_KEY/);
    expect(() => resolveOpenAIOptions({ baseUrl: 'https://api.openai.com/v1/' })).toThrow(/apiKey/);
  });

  it('sends no auth to a local server without a key, and never the OpenAI key from env', () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-env');
    expect(resolveOpenAIOptions({ baseUrl: 'http://localhost:11434/v1' })).toEqual({
      apiKey: undefined,
      url: 'http://localhost:11434/v1/chat/completions',
      headers: {},
      secrets: [],
    });
    expect(
      resolveOpenAIOptions({ baseUrl: 'http://127.0.0.1:8000/v1', apiKey: '  ' }).headers,
    ).toEqual({});
  });

  it('sends a key given for another server', () => {
    expect(
      resolveOpenAIOptions({ baseUrl: 'https://api.groq.com/openai/v1/', apiKey: 'gsk_1' }),
    ).toEqual({
      apiKey: 'gsk_1',
      url: 'https://api.groq.com/openai/v1/chat/completions',
      headers: { authorization: 'Bearer gsk_1' },
      secrets: ['gsk_1'],
    });
  });

  it('keeps a query string of the base URL', () => {
    expect(resolveOpenAIOptions({ baseUrl: 'http://proxy.local/v1?team=a' }).url).toBe(
      'http://proxy.local/v1/chat/completions?team=a',
    );
  });

  it('uses the api-key header and the api-version query for Azure', () => {
    expect(
      resolveOpenAIOptions({
        baseUrl: 'https://res.openai.azure.com/openai/deployments/gpt4o',
        apiKey: 'azure-key',
        azure: { apiVersion: '2024-10-21' },
      }),
    ).toEqual({
      apiKey: 'azure-key',
      url: 'https://res.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21',
      headers: { 'api-key': 'azure-key' },
      secrets: ['azure-key'],
    });
  });

  it('reads AZURE_OPENAI_API_KEY, and allows the /openai/v1 URL without a version', () => {
    withoutKeys();
    vi.stubEnv('AZURE_OPENAI_API_KEY', 'from-env');
    expect(
      resolveOpenAIOptions({ baseUrl: 'https://res.openai.azure.com/openai/v1', azure: {} }),
    ).toEqual({
      apiKey: 'from-env',
      url: 'https://res.openai.azure.com/openai/v1/chat/completions',
      headers: { 'api-key': 'from-env' },
      secrets: ['from-env'],
    });
  });

  it('requires a key and a baseUrl for Azure, and a real version string', () => {
    withoutKeys();
    const azure = { apiVersion: '2024-10-21' };
    expect(() =>
      resolveOpenAIOptions({
        baseUrl: 'https://res.openai.azure.com/openai/deployments/d',
        azure,
      }),
    ).toThrow(/AZURE_OPENAI_API_KEY/);
    expect(() => resolveOpenAIOptions({ apiKey: 'k', azure })).toThrow(/baseUrl/);
    expect(() =>
      resolveOpenAIOptions({
        apiKey: 'k',
        baseUrl: 'https://res.openai.azure.com/openai/deployments/d',
        azure: { apiVersion: ' ' },
      }),
    ).toThrow(/apiVersion/);
  });

  it('rejects a base URL that is invalid, not http(s), or holds credentials', () => {
    expect(() => resolveOpenAIOptions({ baseUrl: 'localhost:11434' })).toThrow(ConfigurationError);
    expect(() => resolveOpenAIOptions({ baseUrl: 'not a url' })).toThrow(/not a valid URL/);
    expect(() => resolveOpenAIOptions({ baseUrl: 'ftp://host/v1' })).toThrow(/http/);
    expect(() => resolveOpenAIOptions({ baseUrl: 'https://user:pw@host/v1' })).toThrow(
      /credentials/,
    );
  });
});
