import { InvalidResponseError } from '@colloquy/chat-core';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { readFixtureEvents, readFixtureJson } from './__fixtures__/fixtures';
import { geminiResponseSchema, isGeminiResponse, readGeminiResponse } from './gemini-api';

const fixtures = [
  readFixtureJson('gemini-text.json'),
  readFixtureJson('gemini-function-call.json'),
  readFixtureJson('gemini-blocked.json'),
  readFixtureJson('gemini-empty.json'),
  ...readFixtureEvents('gemini-thinking.chunks.txt').map((line) => JSON.parse(line)),
];

// Values shaped like responses, with any field possibly of the wrong type.
const loose = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.string(),
  fc.integer(),
  fc.boolean(),
  fc.constant([]),
  fc.constant({}),
  fc.array(fc.oneof(fc.constant({}), fc.string(), fc.constant(null)), { maxLength: 2 }),
);
const content = fc.oneof(
  loose,
  fc.record({ role: loose, parts: loose }, { requiredKeys: [] }),
  fc.record({
    role: fc.constant('model'),
    parts: fc.array(fc.oneof(fc.record({ text: fc.string() }), loose), { maxLength: 3 }),
  }),
);
const candidate = fc.oneof(
  loose,
  fc.record(
    {
      content,
      finishReason: fc.oneof(loose, fc.constantFrom('STOP', 'MAX_TOKENS')),
      finishMessage: loose,
      safetyRatings: loose,
      index: loose,
      avgLogprobs: loose,
    },
    { requiredKeys: [] },
  ),
);
const response = fc.oneof(
  loose,
  fc.record(
    {
      candidates: fc.oneof(loose, fc.array(candidate, { maxLength: 3 })),
      promptFeedback: fc.oneof(
        loose,
        fc.record(
          { blockReason: loose, blockReasonMessage: loose, safetyRatings: loose },
          { requiredKeys: [] },
        ),
      ),
      usageMetadata: loose,
      modelVersion: loose,
      responseId: loose,
      createTime: loose,
    },
    { requiredKeys: [] },
  ),
);

describe('isGeminiResponse', () => {
  it('accepts every fixture', () => {
    for (const fixture of fixtures) expect(isGeminiResponse(fixture)).toBe(true);
  });

  it('agrees with the schema on every value, valid or not (property)', () => {
    fc.assert(
      fc.property(response, (value) => {
        expect(isGeminiResponse(value)).toBe(v.is(geminiResponseSchema, value));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('readGeminiResponse', () => {
  it('returns a valid response as it is, without copying it', () => {
    const value = readFixtureJson('gemini-text.json');
    expect(readGeminiResponse(value)).toBe(value);
  });

  it('throws InvalidResponseError naming the field that is wrong', () => {
    expect(() => readGeminiResponse({ candidates: [{ finishReason: 3 }] })).toThrow(
      InvalidResponseError,
    );
    expect(() => readGeminiResponse({ candidates: [{ finishReason: 3 }] })).toThrow(
      /candidates\.0\.finishReason/,
    );
    expect(() => readGeminiResponse({ usageMetadata: 'many' })).toThrow(/usageMetadata/);
    expect(() => readGeminiResponse(null)).toThrow(InvalidResponseError);
  });
});
