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

  it('leaves out a "__proto__" key from parsed JSON, so copying the options cannot swap a prototype', () => {
    const providerOptions = JSON.parse('{"openai": {"__proto__": {"polluted": 1}, "user": "u1"}}');
    const options = providerOptionsOf({ providerOptions }, 'openai');
    expect(Object.hasOwn(options, '__proto__')).toBe(false);
    expect(options).toEqual({ user: 'u1' });
    const body: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(options)) body[key] = value;
    Object.assign(body, options);
    expect(Object.getPrototypeOf(body)).toBe(Object.prototype);
    expect(body.polluted).toBeUndefined();
  });
});
