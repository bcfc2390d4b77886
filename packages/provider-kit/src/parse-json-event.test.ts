import { InvalidResponseError } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { parseJsonEvent } from './parse-json-event';

function failure(run: () => unknown): InvalidResponseError {
  try {
    run();
  } catch (error) {
    if (InvalidResponseError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidResponseError');
}

describe('parseJsonEvent', () => {
  it('parses JSON', () => {
    expect(parseJsonEvent('{"a":[1,{"b":null}]}', 'p')).toEqual({ a: [1, { b: null }] });
  });

  it('throws InvalidResponseError with a short scrubbed excerpt on malformed JSON', () => {
    const key = 'sk-live-0123456789abcdef';
    const data = `{"text": "hello", "key": "${key}", ${'x'.repeat(5000)}`;
    const error = failure(() => parseJsonEvent(data, 'openai', [key]));
    expect(error.provider).toBe('openai');
    expect(error.excerpt?.startsWith('{"text": "hello"')).toBe(true);
    expect(error.excerpt?.length).toBeLessThanOrEqual(200);
    expect(error.message).toContain('not valid JSON');
    expect(error.message).not.toContain(key);
    expect(JSON.stringify(error)).not.toContain(key);
    // The SyntaxError would quote the raw input; it is not kept.
    expect(error.cause).toBeUndefined();
  });

  it('refuses absurdly nested JSON', () => {
    const deep = `${'['.repeat(300)}${']'.repeat(300)}`;
    expect(() => parseJsonEvent(deep, 'p')).toThrow(/nested deeper than 256/);
    const fine = `${'['.repeat(200)}${']'.repeat(200)}`;
    expect(() => parseJsonEvent(fine, 'p')).not.toThrow();
  });

  it('does not count brackets inside strings as nesting', () => {
    const text = JSON.stringify({ text: `${'['.repeat(1000)}\\"{{{` });
    expect(parseJsonEvent(text, 'p')).toEqual(JSON.parse(text));
  });
});
