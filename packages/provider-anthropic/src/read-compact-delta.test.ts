import { InvalidResponseError } from '@colloquy/chat-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AnthropicStreamMapper } from './anthropic-stream-mapper';
import { readCompactDelta } from './read-compact-delta';

/** What the mapper makes of one delta event: the parts of its chunks. */
function partsOf(data: string) {
  return new AnthropicStreamMapper()
    .push({ event: 'content_block_delta', data })
    .map((chunk) => chunk.candidates?.[0]?.content?.parts);
}

describe('readCompactDelta', () => {
  it('reads compact text and thinking deltas', () => {
    expect(
      readCompactDelta(
        '{"type":"content_block_delta","index":12,"delta":{"type":"text_delta","text":"Hi \\"you\\"\\n"}}',
      ),
    ).toEqual({ text: 'Hi "you"\n' });
    expect(
      readCompactDelta(
        '{"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Hmm"}}',
      ),
    ).toEqual({ text: 'Hmm', thought: true });
  });

  it.each([
    [
      'spaced',
      '{"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "x"}}',
    ],
    [
      'no index',
      '{"type":"content_block_delta","index":,"delta":{"type":"text_delta","text":"x"}}',
    ],
    [
      'other delta',
      '{"type":"content_block_delta","index":0,"delta":{"type":"input_json_delta","partial_json":"x"}}',
    ],
    [
      'key of the other kind',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","thinking":"x"}}',
    ],
    [
      'extra key',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"},"more":1}',
    ],
    [
      'two strings',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x","y":"z"}}',
    ],
    [
      'not a string',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":5}}',
    ],
    [
      'raw control character',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\u0001"}}',
    ],
    [
      'bad escape',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\\q"}}',
    ],
    [
      'cut short',
      '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"}}',
    ],
  ])('leaves a delta it cannot vouch for (%s) to the general path', (_name, data) => {
    expect(readCompactDelta(data)).toBeUndefined();
  });

  it('gives the mapper the same parts as the general JSON path, for any text', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'binary' }),
        fc.constantFrom('text', 'thinking'),
        fc.nat({ max: 999 }),
        (text, kind, index) => {
          const event = {
            type: 'content_block_delta',
            index,
            delta: { type: `${kind}_delta`, [kind]: text },
          };
          // JSON.stringify gives the compact form the shortcut reads; indenting it forces the
          // general path.
          const compact = JSON.stringify(event);
          const spaced = JSON.stringify(event, null, 1);
          expect(readCompactDelta(spaced)).toBeUndefined();
          expect(partsOf(compact)).toEqual(partsOf(spaced));
          expect(partsOf(compact)).toEqual(
            text === '' ? [] : [[kind === 'text' ? { text } : { text, thought: true }]],
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('lets the general path judge what it leaves, as it would any event', () => {
    expect(() =>
      partsOf(
        '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"a\u0001"}}',
      ),
    ).toThrow(InvalidResponseError);
    expect(() =>
      partsOf(
        '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","thinking":"x"}}',
      ),
    ).toThrow(/text_delta without text/);
    expect(
      partsOf(
        '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"},"more":1}',
      ),
    ).toEqual([[{ text: 'x' }]]);
  });
});
