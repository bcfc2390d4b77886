import { InvalidResponseError } from '@colloquy/chat-core';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { validateResponse } from './validate-response';

const schema = v.looseObject({
  candidates: v.optional(
    v.array(v.looseObject({ content: v.looseObject({ parts: v.array(v.looseObject({})) }) })),
  ),
  usage: v.optional(v.looseObject({ total: v.number() })),
});

describe('validateResponse', () => {
  it('returns the value and lets unknown fields through', () => {
    const value = {
      candidates: [{ content: { parts: [{ text: 'hi' }] }, extra: 1 }],
      newField: true,
    };
    expect(validateResponse(schema, value, 'gemini')).toEqual(value);
  });

  it('throws InvalidResponseError naming the path that failed', () => {
    const value = { candidates: [{ content: { parts: 'nope' } }] };
    expect(() => validateResponse(schema, value, 'gemini')).toThrow(InvalidResponseError);
    expect(() => validateResponse(schema, value, 'gemini')).toThrow('candidates.0.content.parts');
    expect(() => validateResponse(schema, { usage: { total: 'x' } }, 'gemini')).toThrow(
      /gemini .*usage\.total/,
    );
  });
});
