import { ConfigurationError } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { assertCloneableOptions } from './assert-cloneable-options';

describe('assertCloneableOptions', () => {
  it('accepts plain data, undefined and shared memory', () => {
    expect(() =>
      assertCloneableOptions({ apiKey: 'k', headers: { a: 'b' }, list: [1, { x: null }] }),
    ).not.toThrow();
    expect(() => assertCloneableOptions(undefined)).not.toThrow();
    expect(() => assertCloneableOptions({ buffer: new SharedArrayBuffer(8) })).not.toThrow();
  });

  it('rejects an injected fetch, explaining why and what to use instead', () => {
    const call = () => assertCloneableOptions({ apiKey: 'k', fetch: globalThis.fetch });
    expect(call).toThrow(ConfigurationError);
    expect(call).toThrow(/options\.fetch is a function/);
    expect(call).toThrow(/cannot take an injected fetch/);
    expect(call).toThrow(/async models/);
  });

  it('names the provider and its async models when it is told them', () => {
    const call = () =>
      assertCloneableOptions(
        { fetch: globalThis.fetch },
        { provider: 'acme', exportName: 'createAcmeAsyncModels' },
      );
    expect(call).toThrow(/createAcmeAsyncModels with AsyncChat/);
    expect(call).toThrow(expect.objectContaining({ provider: 'acme' }));
  });

  it('names a nested function by its path', () => {
    expect(() => assertCloneableOptions({ hooks: [{ onRequest: () => {} }] })).toThrow(
      /options\.hooks\[0\]\.onRequest is a function/,
    );
  });

  it('rejects other values structured clone refuses', () => {
    expect(() => assertCloneableOptions({ tag: Symbol('x') })).toThrow(ConfigurationError);
  });

  it('copes with cycles', () => {
    const options: Record<string, unknown> = { a: 1 };
    options.self = options;
    expect(() => assertCloneableOptions(options)).not.toThrow();
  });
});
