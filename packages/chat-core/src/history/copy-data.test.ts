import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { copyData } from './copy-data';

describe('copyData', () => {
  it('copies JSON data deeply and equal', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const copy = copyData(value);
        expect(copy).toEqual(value);
        if (value !== null && typeof value === 'object') expect(copy).not.toBe(value);
      }),
    );
  });

  it('shares nothing with the original', () => {
    const original = {
      role: 'user',
      parts: [{ functionCall: { name: 'f', args: { list: [1, { a: 2 }] } } }],
    };
    const copy = copyData(original);
    const inner = (o: typeof original) => o.parts[0]?.functionCall.args.list[1] as { a: number };
    inner(copy).a = 99;
    expect(inner(original).a).toBe(2);
  });

  it('keeps a "__proto__" key as data and never changes a prototype', () => {
    const hostile = JSON.parse('{"parts":[{"text":"x","__proto__":{"polluted":true}}]}');
    const copy = copyData(hostile);
    expect(Object.getPrototypeOf(copy.parts[0])).toBe(Object.prototype);
    expect(Object.keys(copy.parts[0])).toEqual(['text', '__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('falls back to structuredClone for non-plain objects', () => {
    const date = new Date(5);
    const copy = copyData({ at: date, bytes: new Uint8Array([1, 2]) });
    expect(copy.at).toEqual(date);
    expect(copy.at).not.toBe(date);
    expect(copy.bytes).toEqual(new Uint8Array([1, 2]));
  });
});
