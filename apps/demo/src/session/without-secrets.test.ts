import { describe, expect, it } from 'vitest';
import { isSecretName, withoutSecrets } from './without-secrets';

describe('withoutSecrets', () => {
  it('drops keys, tokens, passwords and headers at any depth, keeping the rest', () => {
    expect(
      withoutSecrets({
        apiKey: 'sk-1',
        api_key: 'sk-2',
        baseUrl: 'http://localhost:11434/v1',
        headers: { 'x-custom': 'a' },
        maxRetries: 1,
        azure: { apiVersion: '2024-10-21', clientSecret: 's' },
        nested: [{ token: 't', name: 'kept' }],
      }),
    ).toEqual({
      baseUrl: 'http://localhost:11434/v1',
      maxRetries: 1,
      azure: { apiVersion: '2024-10-21' },
      nested: [{ name: 'kept' }],
    });
  });

  it('keeps generation settings whose names merely contain "token"', () => {
    const config = { maxOutputTokens: 100, temperature: 0.2, stopSequences: ['END'] };
    expect(withoutSecrets(config)).toEqual(config);
  });

  it('removes credentials and queries from URL settings only', () => {
    expect(
      withoutSecrets({
        baseUrl: 'https://user:pass@proxy.example/v1?key=abc',
        systemInstruction: 'see https://example.com/?q=1',
      }),
    ).toEqual({
      baseUrl: 'https://proxy.example/v1',
      systemInstruction: 'see https://example.com/?q=1',
    });
  });

  it('recognises credential names in their usual spellings', () => {
    for (const name of [
      'apiKey',
      'API_KEY',
      'x-api-key',
      'x-goog-api-key',
      'Authorization',
      'accessToken',
      'password',
      'key',
    ]) {
      expect(isSecretName(name)).toBe(true);
    }
    for (const name of ['baseUrl', 'model', 'maxOutputTokens', 'keyEnv', 'monkey']) {
      expect(isSecretName(name)).toBe(false);
    }
  });
});
