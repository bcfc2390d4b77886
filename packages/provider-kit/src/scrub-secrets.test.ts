import { describe, expect, it } from 'vitest';
import { containsSecret, scrubSecrets, urlCarriesSecret } from './scrub-secrets';

describe('scrubSecrets', () => {
  it('removes the given secrets wherever they appear, also URL-encoded', () => {
    const secret = 'my/secret+key==1234';
    const text = `got ${secret} and ${encodeURIComponent(secret)}`;
    const out = scrubSecrets(text, [secret]);
    expect(out).not.toContain(secret);
    expect(out).not.toContain(encodeURIComponent(secret));
    expect(out).toBe('got [redacted] and [redacted]');
  });

  it.each([
    ['Incorrect API key provided: sk-proj-abcDEF1234567890xyz.', 'sk-proj-abcDEF'],
    ['masked sk-abc1********************wxyz here', 'wxyz'],
    ['anthropic sk-ant-api03-AbCdEf_123456-xyz', 'AbCdEf'],
    ['Invalid API key: AIzaSyD-1234567890abcdefghijklmnopq', 'AIzaSy'],
    ['Authorization: Bearer eyJhbGciOi.payload.sig', 'eyJhbGciOi'],
    ['GET /v1/models?key=abc123secret&alt=sse', 'abc123secret'],
    ['{"x-goog-api-key": "zzz-not-a-pattern-key"}', 'zzz-not-a-pattern-key'],
    ['api_key=hunter2hunter2', 'hunter2'],
  ])('redacts key-like material in %s', (text, leaked) => {
    const out = scrubSecrets(text);
    expect(out).toContain('[redacted]');
    expect(out).not.toContain(leaked);
  });

  it('leaves ordinary text alone', () => {
    const text = 'The model gemini-2.5-flash is overloaded; ask a task-specific question.';
    expect(scrubSecrets(text, ['abc'])).toBe(text);
  });

  it('spots key-like material in text', () => {
    expect(containsSecret('the key is AIzaSyD1234567890abcdef')).toBe(true);
    expect(containsSecret('nothing to see')).toBe(false);
  });
});

describe('urlCarriesSecret', () => {
  it.each([
    'https://h/v1beta/models/m:generateContent?key=abc123',
    'https://h/v1?alt=sse&api_key=abc123',
    'https://h/v1?access_token=ya29.abc',
    'https://h/v1/AIzaSyD1234567890abcdef/x',
    'https://h/v1/secret-value/x',
    `https://h/v1/${encodeURIComponent('se/cret+value')}`,
  ])('refuses %s', (url) => {
    expect(urlCarriesSecret(url, ['secret-value', 'se/cret+value'])).toBe(true);
  });

  it.each([
    'https://generativelanguage.googleapis.com/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse',
    'https://h/v1beta/tunedModels/my-key:generateContent',
    'https://api.openai.com/v1/chat/completions',
    'https://h/v1?key=',
  ])('accepts %s', (url) => {
    expect(urlCarriesSecret(url, ['secret-value'])).toBe(false);
  });
});
