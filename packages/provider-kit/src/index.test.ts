import { describe, expect, it } from 'vitest';
import * as kit from './index';

// Adapters code against these names (docs/provider-kit-contract.md); renaming one breaks them.
describe('package exports', () => {
  it.each([
    'resolveApiKey',
    'postJson',
    'postEventStream',
    'parseJsonEvent',
    'validateResponse',
    'scrubSecrets',
    'errorFromResponse',
    'synthesizeCallId',
    'providerOptionsOf',
    'toJsonSchema',
    'declarationParameters',
    'excerptOf',
  ])('exports %s as a function', (name) => {
    expect(typeof (kit as Record<string, unknown>)[name]).toBe('function');
  });

  it('documents its defaults', () => {
    expect(kit.DEFAULT_SETTINGS).toEqual({
      maxRetries: 2,
      timeout: 600_000,
      idleTimeout: 60_000,
      maxRetryDelay: 60_000,
      maxResponseBytes: 16 * 1024 * 1024,
    });
  });
});
