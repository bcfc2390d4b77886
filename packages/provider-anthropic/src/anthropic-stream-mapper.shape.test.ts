import { InvalidResponseError } from '@colloquy/chat-core';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { AnthropicStreamMapper } from './anthropic-stream-mapper';

// The mapper reads delta events shaped like the previous one without JSON.parse
// (provider-kit's JsonEventReader). These tests check it changes nothing but the cost.

const delta = (index: number, kind: 'text' | 'thinking', text: string, spaced = false) =>
  JSON.stringify(
    { type: 'content_block_delta', index, delta: { type: `${kind}_delta`, [kind]: text } },
    null,
    spaced ? 1 : undefined,
  );

/** The parts of the chunks each event gives, all events through one mapper. */
function partsThroughOneMapper(events: string[]) {
  const mapper = new AnthropicStreamMapper();
  return events.map((data) =>
    mapper
      .push({ event: 'content_block_delta', data })
      .map((chunk) => chunk.candidates?.[0]?.content?.parts),
  );
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('AnthropicStreamMapper delta events', () => {
  it('gives the parts a fresh parse gives, for any texts, spacing and kinds', () => {
    const item = fc.record({
      text: fc.string({ unit: 'binary', maxLength: 12 }),
      kind: fc.constantFrom('text' as const, 'thinking' as const),
    });
    fc.assert(
      fc.property(
        fc.array(item, { minLength: 1, maxLength: 12 }),
        fc.boolean(),
        (items, spaced) => {
          const events = items.map(({ text, kind }) => delta(0, kind, text, spaced));
          // A mapper per event parses every one; one mapper reads most through the shape.
          const oneByOne = events.map((data) => partsThroughOneMapper([data])[0]);
          expect(partsThroughOneMapper(events)).toEqual(oneByOne);
          expect(oneByOne).toEqual(
            items.map(({ text, kind }) =>
              text === '' ? [] : [[kind === 'text' ? { text } : { text, thought: true }]],
            ),
          );
        },
      ),
      { numRuns: 300 },
    );
  });

  it('parses only the first deltas of a block', () => {
    const events = Array.from({ length: 100 }, (_, i) => delta(0, 'text', `word${i} `));
    const parse = vi.spyOn(JSON, 'parse');
    partsThroughOneMapper(events);
    expect(parse.mock.calls.length).toBeLessThanOrEqual(3);
  });

  it.each([
    ['a raw control character', '"a\u0001"'],
    ['a bad escape', '"a\\q"'],
    ['a cut-short string', '"}}'],
  ])('still refuses a delta with %s after the shape is learned', (_name, literal) => {
    const good = [delta(0, 'text', 'a'), delta(0, 'text', 'b')];
    const bad = delta(0, 'text', 'HOLE').replace('"HOLE"', literal);
    expect(() => partsThroughOneMapper([...good, bad])).toThrow(InvalidResponseError);
  });

  it('reads a delta of another shape (an extra key, another kind) through the general path', () => {
    const extra = delta(0, 'text', 'x').replace(/}$/, ',"more":1}');
    expect(partsThroughOneMapper([delta(0, 'text', 'a'), delta(0, 'text', 'b'), extra])).toEqual([
      [[{ text: 'a' }]],
      [[{ text: 'b' }]],
      [[{ text: 'x' }]],
    ]);
    const wrongKey = delta(0, 'text', 'HOLE').replace('"text":"HOLE"', '"thinking":"x"');
    expect(() => partsThroughOneMapper([delta(0, 'text', 'a'), wrongKey])).toThrow(
      /text_delta without text/,
    );
  });
});
