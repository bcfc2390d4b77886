import { describe, expect, it } from 'vitest';
import { splitIntoChunks } from './split-into-chunks';

describe('splitIntoChunks', () => {
  it.each([
    ['hi there', ['hi ', 'there']],
    ['  lead and trail  ', ['  lead ', 'and ', 'trail  ']],
    ['line\nbreak', ['line\n', 'break']],
    ['', ['']],
    ['   ', ['   ']],
  ])('splits %j into chunks that join back to it', (text, chunks) => {
    expect(splitIntoChunks(text)).toEqual(chunks);
    expect(splitIntoChunks(text).join('')).toBe(text);
  });
});
