import { describe, expect, it } from 'vitest';
import { mergeChunks } from './merge-chunks';

describe('mergeChunks', () => {
  it('concatenates parts per candidate and keeps the last value of other fields', () => {
    expect(
      mergeChunks([
        {
          candidates: [{ content: { role: 'model', parts: [{ text: 'a' }] } }],
          modelVersion: 'v1',
        },
        {
          candidates: [
            { content: { role: 'model', parts: [{ text: 'b' }] }, finishReason: 'STOP' },
          ],
          usageMetadata: { totalTokenCount: 3 },
        },
      ]),
    ).toEqual({
      candidates: [
        { content: { role: 'model', parts: [{ text: 'a' }, { text: 'b' }] }, finishReason: 'STOP' },
      ],
      modelVersion: 'v1',
      usageMetadata: { totalTokenCount: 3 },
    });
  });

  it('keeps a response without candidates free of a candidates key', () => {
    expect(mergeChunks([{ promptFeedback: { blockReason: 'SAFETY' } }])).toEqual({
      promptFeedback: { blockReason: 'SAFETY' },
    });
  });
});
