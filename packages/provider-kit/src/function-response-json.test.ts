import { ConfigurationError } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { functionResponseJson } from './function-response-json';

describe('functionResponseJson', () => {
  it('gives the response as JSON text, and {} for none', () => {
    expect(functionResponseJson({ name: 'f', response: { temp: 21 } }, 'p')).toBe('{"temp":21}');
    expect(functionResponseJson({ name: 'f' } as never, 'p')).toBe('{}');
  });

  it('refuses a BigInt or a cycle with a ConfigurationError naming the function and provider', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const response of [{ n: 10n }, cyclic]) {
      const call = () => functionResponseJson({ name: 'count', response }, 'acme');
      expect(call).toThrow(ConfigurationError);
      expect(call).toThrow(/"count" cannot be sent to acme: it is not JSON-serialisable/);
    }
  });
});
