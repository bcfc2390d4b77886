import type { Content } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { foreignThoughtWarnings } from './foreign-thought-warnings';
import { settingWarnings } from './setting-warnings';

const contents: Content[] = [
  { role: 'user', parts: [{ text: 'hi' }] },
  {
    role: 'model',
    parts: [
      { text: 'mine', thought: true, thoughtSignature: 'own' },
      { text: 'theirs', thought: true, thoughtSignature: 'other:1' },
      { text: 'answer', thoughtSignature: 'other:2' },
    ],
  },
  { role: 'model', parts: [{ text: 'theirs too', thought: true, thoughtSignature: 'other:3' }] },
];
const isForeign = (part: { thoughtSignature?: string }) =>
  part.thoughtSignature?.startsWith('other:') === true;

describe('foreignThoughtWarnings', () => {
  it('gives one warning counting the foreign thoughts (not other signed parts)', () => {
    expect(foreignThoughtWarnings(contents, 'acme', isForeign)).toEqual([
      {
        setting: 'thoughts',
        provider: 'acme',
        message: expect.stringContaining('2 thoughts in the history signed by another provider'),
      },
    ]);
  });

  it('gives none when no thought is foreign', () => {
    expect(foreignThoughtWarnings(contents, 'acme', () => false)).toEqual([]);
  });

  it('is refused with strict through settingWarnings, and kept without a config', () => {
    const extra = foreignThoughtWarnings(contents, 'acme', isForeign);
    expect(() => settingWarnings({ strict: true }, 'acme', {}, extra)).toThrow(
      /thoughts \(left out/,
    );
    expect(settingWarnings(undefined, 'acme', {}, extra)).toEqual(extra);
  });
});
