import { type Candidate, GenerateContentResponse, type UsageMetadata } from '@colloquy/chat-core';
import type { GenerateContentResponseInit } from '@colloquy/chat-core/spec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeChunks, encodeChunks } from './chunk-codec';

/** What the main thread gets for these chunks: encoded, cloned across the thread, decoded. */
const roundTrip = (chunks: readonly GenerateContentResponseInit[]) =>
  decodeChunks(structuredClone(encodeChunks(chunks)));

/** What the main thread got before the codec: each chunk cloned and wrapped. */
const cloned = (chunks: readonly GenerateContentResponseInit[]) =>
  chunks.map((chunk) => GenerateContentResponse.from(structuredClone(chunk)));

/** Same values and the same key order at every level. */
function expectSame(actual: GenerateContentResponse[], expected: GenerateContentResponse[]) {
  expect(actual).toStrictEqual(expected);
  expect(actual.map((chunk) => JSON.stringify(chunk))).toEqual(
    expected.map((chunk) => JSON.stringify(chunk)),
  );
}

const response = (fields: GenerateContentResponseInit) =>
  Object.assign(new GenerateContentResponse(), fields);

// Typical text chunks as each adapter builds them (field by field, in this order).
const geminiUsage = (total: number): UsageMetadata => ({
  promptTokenCount: 12,
  promptTokensDetails: [{ modality: 'TEXT', tokenCount: 12 }],
  totalTokenCount: total,
});
/** Gemini: the wire candidate as parsed (parts before role), usage on every chunk. */
const gemini = (text: string, usage: UsageMetadata) =>
  response({
    candidates: [
      { content: { parts: [{ text }], role: 'model' } as Candidate['content'], index: 0 },
    ],
    usageMetadata: usage,
    modelVersion: 'gemini-2.5-flash',
    responseId: 'resp-1',
  });
/** OpenAI: no usage until the last chunk. */
const openai = (text: string) => {
  const chunk = new GenerateContentResponse();
  chunk.candidates = [{ content: { role: 'model', parts: [{ text }] }, index: 0 }];
  chunk.modelVersion = 'gpt-4o-mini';
  chunk.responseId = 'chatcmpl-1';
  return chunk;
};
/** Anthropic: as OpenAI. */
const anthropic = (text: string) =>
  response({
    candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0 }],
    modelVersion: 'claude-sonnet-4-5',
    responseId: 'msg_1',
  });

describe('chunk codec', () => {
  it('sends the typical text chunks of every adapter as bare strings and rebuilds them exactly', () => {
    const streams = {
      // The real API repeats the same usage (with its details array) on every chunk.
      gemini: [gemini('Rain', geminiUsage(12)), gemini(' lashed', geminiUsage(12))],
      // The bench server counts tokens chunk by chunk.
      geminiCounting: ['a', 'b', 'c'].map((text, i) =>
        gemini(text, { promptTokenCount: 8, candidatesTokenCount: i + 1, totalTokenCount: 9 + i }),
      ),
      openai: [openai('Hello'), openai('!'), openai(' How')],
      anthropic: [anthropic('Hi'), anthropic(' there')],
    };
    for (const chunks of Object.values(streams)) {
      const encoded = encodeChunks(chunks);
      expect(encoded.items.every((item) => typeof item === 'string')).toBe(true);
      expectSame(roundTrip(chunks), chunks);
    }
    const counting = encodeChunks(streams.geminiCounting);
    expect(counting.countKeys).toEqual([
      'promptTokenCount',
      'candidatesTokenCount',
      'totalTokenCount',
    ]);
    expect(counting.counts).toEqual([8, 1, 9, 8, 2, 10, 8, 3, 11]);
    expect(encodeChunks(streams.gemini).usage).toEqual(geminiUsage(12));
  });

  it('gives every decoded chunk objects of its own', () => {
    const [first, second] = roundTrip([gemini('a', geminiUsage(3)), gemini('b', geminiUsage(3))]);
    expect(first?.usageMetadata).not.toBe(second?.usageMetadata);
    expect(first?.usageMetadata?.promptTokensDetails).not.toBe(
      second?.usageMetadata?.promptTokensDetails,
    );
  });

  it('sends a chunk that differs from the batch in anything shared whole, in order', () => {
    const chunks = [
      gemini('a', geminiUsage(1)),
      gemini('b', geminiUsage(2)), // another usage
      gemini('b', Object.fromEntries(Object.entries(geminiUsage(1)).reverse())), // another order
      response({ ...gemini('c', geminiUsage(1)), modelVersion: 'other' }),
      response({ ...gemini('d', geminiUsage(1)), responseId: 'other' }),
      openai('e'), // another layout, no usage
      gemini('f', geminiUsage(1)),
    ];
    const encoded = encodeChunks(chunks);
    expect(encoded.items.map((item) => (typeof item === 'string' ? item : '{}'))).toEqual([
      'a',
      '{}',
      '{}',
      '{}',
      '{}',
      '{}',
      'f',
    ]);
    expectSame(roundTrip(chunks), chunks);
  });

  it('keeps every other chunk whole', () => {
    const text = (value: string): GenerateContentResponseInit => ({
      candidates: [{ content: { role: 'model', parts: [{ text: value }] } }],
    });
    const chunks: GenerateContentResponseInit[] = [
      text('a'),
      { candidates: [{ content: { role: 'model', parts: [{ text: 'x', thought: true }] } }] },
      { candidates: [{ content: { role: 'model', parts: [{ text: 'y' }, { text: 'z' }] } }] },
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'c' }] }, finishReason: 'STOP' }],
      },
      { candidates: [{ content: { role: 'model', parts: [{ text: 'i' }] }, index: 1 }] },
      { candidates: [{ content: { role: 'user', parts: [{ text: 'u' }] } }] },
      { ...text('t'), createTime: '2030-01-01T00:00:00Z' },
      { ...text('n'), usageMetadata: { totalTokenCount: 3, note: 'not a count' } },
      { promptFeedback: { blockReason: 'SAFETY' } },
    ];
    const encoded = encodeChunks(chunks);
    expect(encoded.items.filter((item) => typeof item === 'string')).toEqual(['a']);
    expectSame(roundTrip(chunks), cloned(chunks));
  });

  it('treats undefined fields as unset, as JSON does', () => {
    const chunk: GenerateContentResponseInit = {
      candidates: [{ content: { role: 'model', parts: [{ text: 'hi', thought: undefined }] } }],
      usageMetadata: undefined,
      modelVersion: undefined,
    };
    expect(encodeChunks([chunk]).items).toEqual(['hi']);
    expect(roundTrip([chunk])).toStrictEqual([
      response({ candidates: [{ content: { role: 'model', parts: [{ text: 'hi' }] } }] }),
    ]);
  });

  it('sends nothing shared for a batch without text items', () => {
    const chunks = [response({ promptFeedback: { blockReason: 'SAFETY' } })];
    expect(encodeChunks(chunks)).toEqual({ items: chunks });
  });
});

// Any mix of chunks: mostly text chunks in each adapter's layout with varying shared fields,
// some of which break the batch's shape, and arbitrary other chunks. The round trip must give
// exactly what cloning each chunk gives.
const usage: fc.Arbitrary<UsageMetadata | undefined> = fc.oneof(
  fc.constant(undefined),
  fc.record(
    {
      promptTokenCount: fc.oneof(fc.nat(20), fc.constant(-0), fc.constant(Number.NaN)),
      candidatesTokenCount: fc.nat(3),
      totalTokenCount: fc.nat(30),
    },
    { requiredKeys: ['totalTokenCount'] },
  ),
  fc.constant(geminiUsage(12)),
  fc.constant(geminiUsage(13)),
  fc.constant(Object.fromEntries(Object.entries(geminiUsage(12)).reverse())),
  fc.record({ totalTokenCount: fc.nat(3), note: fc.oneof(fc.string(), fc.constant(undefined)) }),
);

const textChunk = fc
  .record({
    text: fc.string({ maxLength: 6 }),
    layout: fc.constantFrom('gemini', 'openai', 'index-first', 'no-index', 'index-1'),
    usage,
    modelVersion: fc.constantFrom(undefined, 'm1', 'm2'),
    responseId: fc.constantFrom(undefined, 'r1'),
    thought: fc.boolean(),
    instance: fc.boolean(),
  })
  .map(({ text, layout, usage, modelVersion, responseId, thought, instance }) => {
    const part = thought ? { text, thought: true } : { text };
    const content =
      layout === 'gemini'
        ? ({ parts: [part], role: 'model' } as Candidate['content'])
        : { role: 'model' as const, parts: [part] };
    const candidate: Candidate =
      layout === 'index-first'
        ? { index: 0, content }
        : layout === 'no-index'
          ? { content }
          : { content, index: layout === 'index-1' ? 1 : 0 };
    const chunk: GenerateContentResponseInit = { candidates: [candidate] };
    if (usage !== undefined) chunk.usageMetadata = usage;
    if (modelVersion !== undefined) chunk.modelVersion = modelVersion;
    if (responseId !== undefined) chunk.responseId = responseId;
    return instance ? response(chunk) : chunk;
  });

const otherChunk: fc.Arbitrary<GenerateContentResponseInit> = fc.oneof(
  fc.record({ promptFeedback: fc.record({ blockReason: fc.constantFrom('SAFETY', 'OTHER') }) }),
  fc.record({
    candidates: fc.constant<Candidate[]>([{ finishReason: 'STOP', index: 0 }]),
    usageMetadata: usage.map((value) => value ?? {}),
  }),
  fc.record({
    candidates: fc.constant<Candidate[]>([
      { content: { role: 'model', parts: [{ functionCall: { name: 'f', args: {} } }] } },
    ]),
  }),
);

const counts = fc.record(
  {
    promptTokenCount: fc.oneof(fc.nat(20), fc.constant(-0), fc.constant(Number.NaN)),
    candidatesTokenCount: fc.nat(3),
    totalTokenCount: fc.nat(30),
  },
  { requiredKeys: [] },
);

describe('chunk codec round trip', () => {
  it('rebuilds text chunks whose counts vary in value, keys and key order', () => {
    const chunk = fc
      .tuple(fc.string({ maxLength: 3 }), counts, fc.boolean())
      .map(([text, usage, reversed]) =>
        gemini(text, reversed ? Object.fromEntries(Object.entries(usage).reverse()) : usage),
      );
    fc.assert(
      fc.property(fc.array(chunk, { maxLength: 8 }), (chunks) => {
        expectSame(roundTrip(chunks), cloned(chunks));
      }),
      { numRuns: 300 },
    );
  });

  it('rebuilds any batch exactly as cloning each chunk does', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof({ weight: 4, arbitrary: textChunk }, otherChunk), { maxLength: 12 }),
        (chunks) => {
          expectSame(roundTrip(chunks), cloned(chunks));
        },
      ),
      { numRuns: 500 },
    );
  });
});
