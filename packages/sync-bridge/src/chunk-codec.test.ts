import { GenerateContentResponse, type GenerateContentResponseInit } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { decodeChunks, encodeChunks } from './chunk-codec';

const text = (value: string, modelVersion?: string): GenerateContentResponseInit => ({
  candidates: [{ content: { role: 'model', parts: [{ text: value }] } }],
  ...(modelVersion === undefined ? {} : { modelVersion }),
});

describe('chunk codec', () => {
  it('sends plain text chunks as bare strings and rebuilds them exactly', () => {
    const chunks = [text('a', 'm1'), text('b', 'm1')];
    const encoded = encodeChunks(chunks);
    expect(encoded).toEqual({ items: ['a', 'b'], modelVersion: 'm1' });
    expect(decodeChunks(structuredClone(encoded))).toEqual(chunks);
  });

  it('treats undefined fields as unset, as GenerateContentResponse instances carry them', () => {
    const chunk = new GenerateContentResponse(text('hi'));
    expect(encodeChunks([chunk]).items).toEqual(['hi']);
  });

  it('keeps every other chunk whole, in order', () => {
    const chunks: GenerateContentResponseInit[] = [
      text('a', 'm1'),
      { ...text('b', 'm1'), usageMetadata: { totalTokenCount: 3 } },
      { candidates: [{ content: { role: 'model', parts: [{ text: 'x', thought: true }] } }] },
      { candidates: [{ content: { role: 'model', parts: [{ text: 'y' }, { text: 'z' }] } }] },
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'c' }] }, finishReason: 'STOP' }],
      },
      text('d', 'm2'),
      { promptFeedback: { blockReason: 'SAFETY' } },
    ];
    const encoded = encodeChunks(chunks);
    expect(encoded.items.filter((item) => typeof item === 'string')).toEqual(['a']);
    expect(decodeChunks(structuredClone(encoded))).toEqual(chunks);
  });

  it('omits modelVersion when the chunks have none', () => {
    const encoded = encodeChunks([text('a')]);
    expect(encoded).toEqual({ items: ['a'] });
    expect(decodeChunks(encoded)[0]).not.toHaveProperty('modelVersion');
  });
});
