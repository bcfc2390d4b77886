import { describe, expect, it } from 'vitest';
import { providerOptionsOf } from './provider-options-of';

describe('providerOptionsOf', () => {
  it("returns the provider's own options", () => {
    const config = { providerOptions: { openai: { store: true }, gemini: { safety: [] } } };
    expect(providerOptionsOf(config, 'openai')).toEqual({ store: true });
  });

  it('returns an empty object when there are none', () => {
    expect(providerOptionsOf(undefined, 'openai')).toEqual({});
    expect(providerOptionsOf({ providerOptions: { gemini: {} } }, 'openai')).toEqual({});
  });
});
