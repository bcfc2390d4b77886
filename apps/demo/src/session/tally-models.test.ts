import type { AsyncModels, UsageMetadata } from '@colloquy/chat-core';
import { GenerateContentResponse } from '@colloquy/chat-core';
import type { GenerateContentParameters } from '@colloquy/chat-core/spec';
import { createMockAsyncModels, createMockModels } from '@colloquy/provider-mock';
import { describe, expect, it } from 'vitest';
import { tallyAsyncModels, tallyModels } from './tally-models';

const params: GenerateContentParameters = {
  model: 'mock-1',
  contents: [{ role: 'user', parts: [{ text: 'one two three' }] }],
};

describe('tallyAsyncModels', () => {
  it('reports the usage of a whole reply', async () => {
    const seen: Array<UsageMetadata | undefined> = [];
    const models = tallyAsyncModels(createMockAsyncModels([{ text: 'a b' }]), (u) => seen.push(u));
    await models.generateContent(params);
    expect(seen).toEqual([{ promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 }]);
  });

  it('merges a stream’s usage fields, the latest of each winning, once the stream ends', async () => {
    const seen: Array<UsageMetadata | undefined> = [];
    const models = tallyAsyncModels(
      createMockAsyncModels([
        {
          streamChunks: [
            { usageMetadata: { promptTokenCount: 7 } },
            { usageMetadata: { candidatesTokenCount: 1 } },
            { usageMetadata: { candidatesTokenCount: 4, totalTokenCount: 11 } },
          ],
        },
      ]),
      (u) => seen.push(u),
    );
    const stream = await models.generateContentStream(params);
    for await (const _chunk of stream) expect(seen).toEqual([]);
    expect(seen).toEqual([{ promptTokenCount: 7, candidatesTokenCount: 4, totalTokenCount: 11 }]);
  });

  it('reports what arrived when a stream fails or is abandoned', async () => {
    const seen: Array<UsageMetadata | undefined> = [];
    const models = tallyAsyncModels(
      createMockAsyncModels([{ text: 'a b c', failAfterChunks: 1 }, { text: 'x y z' }]),
      (u) => seen.push(u),
    );
    await expect(async () => {
      for await (const _chunk of await models.generateContentStream(params));
    }).rejects.toThrow();
    for await (const _chunk of await models.generateContentStream(params)) break;
    expect(seen).toEqual([undefined, undefined]);
  });

  it('closes the provider stream when abandoned before the first chunk', async () => {
    let closed = false;
    const inner: AsyncModels = {
      specificationVersion: 'v1',
      generateContent: async () => new GenerateContentResponse(),
      generateContentStream: async () => ({
        [Symbol.asyncIterator]: () => ({
          next: async () => ({ done: true as const, value: undefined }),
          return: async () => {
            closed = true;
            return { done: true as const, value: undefined };
          },
        }),
      }),
    };
    const stream = await tallyAsyncModels(inner, () => {}).generateContentStream(params);
    await stream[Symbol.asyncIterator]().return?.();
    expect(closed).toBe(true);
  });
});

describe('tallyModels', () => {
  it('reports usage of blocking replies and streams', () => {
    const seen: Array<UsageMetadata | undefined> = [];
    const models = tallyModels(createMockModels([{ text: 'a' }, { text: 'b c' }]), (u) =>
      seen.push(u),
    );
    models.generateContent(params);
    for (const _chunk of models.generateContentStream(params));
    expect(seen).toEqual([
      { promptTokenCount: 3, candidatesTokenCount: 1, totalTokenCount: 4 },
      { promptTokenCount: 3, candidatesTokenCount: 2, totalTokenCount: 5 },
    ]);
  });
});
