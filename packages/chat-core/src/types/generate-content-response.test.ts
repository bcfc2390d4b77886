import { describe, expect, it } from 'vitest';
import { GenerateContentResponse } from './generate-content-response';

describe('GenerateContentResponse', () => {
  it('has only the fields it was given', () => {
    const response = new GenerateContentResponse({ responseId: 'r1', modelVersion: undefined });
    expect(Object.keys(response)).toEqual(['responseId']);
    expect(Object.keys(structuredClone(response))).toEqual(['responseId']);
  });

  it('text joins non-thought text parts of the first candidate; functionCalls lists calls', () => {
    const response = new GenerateContentResponse({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [
              { text: 'thinking', thought: true },
              { text: 'Hello' },
              { functionCall: { name: 'f', args: { a: 1 } } },
              { text: ' world' },
            ],
          },
        },
        { content: { role: 'model', parts: [{ text: 'second candidate' }] } },
      ],
    });
    expect(response.text).toBe('Hello world');
    expect(response.functionCalls).toEqual([{ name: 'f', args: { a: 1 } }]);
  });

  it('text and functionCalls are undefined when absent', () => {
    expect(new GenerateContentResponse({}).text).toBeUndefined();
    expect(
      new GenerateContentResponse({
        candidates: [{ content: { role: 'model', parts: [{ functionCall: { name: 'f' } }] } }],
      }).text,
    ).toBeUndefined();
    expect(
      new GenerateContentResponse({
        candidates: [{ content: { role: 'model', parts: [{ text: '' }] } }],
      }).functionCalls,
    ).toBeUndefined();
  });

  it('from() keeps instances and wraps plain data', () => {
    const response = new GenerateContentResponse({});
    expect(GenerateContentResponse.from(response)).toBe(response);
    expect(GenerateContentResponse.from({ responseId: 'x' })).toBeInstanceOf(
      GenerateContentResponse,
    );
  });
});
