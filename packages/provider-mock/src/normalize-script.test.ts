import { ConfigurationError } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import type { MockScript, MockTurn } from './mock-script';
import { normalizeScript } from './normalize-script';

const bad = (script: unknown) => () => normalizeScript(script as MockScript);

describe('normalizeScript', () => {
  it('accepts a list of turns or an options object', () => {
    expect(normalizeScript([{ text: 'a' }])).toEqual({
      turns: [{ text: 'a' }],
      chunkDelayMs: 0,
      model: undefined,
    });
    expect(normalizeScript({ turns: [{ empty: true }], chunkDelayMs: 5, model: 'x' })).toEqual({
      turns: [{ empty: true }],
      chunkDelayMs: 5,
      model: 'x',
    });
    expect(normalizeScript(undefined).turns).toEqual([]);
  });

  it('copies the turns, so later edits by the caller do not leak in', () => {
    const turns: MockTurn[] = [{ text: 'a' }];
    const normalized = normalizeScript(turns);
    (turns[0] as { text: string }).text = 'changed';
    expect(normalized.turns).toEqual([{ text: 'a' }]);
  });

  it.each([
    ['a turn of no known shape', [{ txt: 'typo' }], /exactly one of/],
    ['a turn of two shapes', [{ text: 'a', empty: true }], /has reply and empty/],
    ['chunks that do not join to the text', [{ text: 'ab', chunks: ['a', 'c'] }], /join/],
    ['an unknown error name', [{ error: { name: 'RateLimitErorr' } }], /chat-core error class/],
    ['a negative delay', [{ text: 'a', delayMs: -1 }], /delayMs/],
    ['a fractional failAfterChunks', [{ text: 'a', failAfterChunks: 1.5 }], /failAfterChunks/],
    ['a function in the script', [{ text: 'a', usage: { f: () => 1 } }], /plain data/],
    ['a non-list script', 'hello', /list of turns/],
  ])('rejects %s with ConfigurationError', (_name, script, message) => {
    expect(bad(script)).toThrow(ConfigurationError);
    expect(bad(script)).toThrow(message);
  });

  it('accepts an error beside failAfterChunks as the interruption error', () => {
    const turn = { text: 'a', failAfterChunks: 0, error: { name: 'ServerError' as const } };
    expect(normalizeScript([turn]).turns).toEqual([turn]);
  });
});
