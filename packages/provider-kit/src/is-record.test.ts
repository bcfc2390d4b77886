import { describe, expect, it } from 'vitest';
import { isRecord } from './is-record';

describe('isRecord', () => {
  it('is true for objects whose keys can be read, false for arrays, null and primitives', () => {
    expect(isRecord({})).toBe(true);
    expect(isRecord(Object.create(null))).toBe(true);
    for (const value of [[], null, undefined, 'x', 1, true]) expect(isRecord(value)).toBe(false);
  });
});
