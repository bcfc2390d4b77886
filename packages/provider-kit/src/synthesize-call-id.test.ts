import { describe, expect, it } from 'vitest';
import { synthesizeCallId } from './synthesize-call-id';

describe('synthesizeCallId', () => {
  it('gives the same id for the same call', () => {
    const a = synthesizeCallId({ turnIndex: 3, partIndex: 1, name: 'get_weather' });
    expect(a).toBe(synthesizeCallId({ turnIndex: 3, partIndex: 1, name: 'get_weather' }));
    expect(a).toMatch(/^call_[0-9a-z]{11}$/);
  });

  it('gives different ids for different turns, parts and names', () => {
    const ids = new Set<string>();
    for (let turn = 0; turn < 20; turn++)
      for (let part = 0; part < 20; part++)
        for (const name of ['a', 'b', 'get_weather'])
          ids.add(synthesizeCallId({ turnIndex: turn, partIndex: part, name }));
    expect(ids.size).toBe(20 * 20 * 3);
  });
});
