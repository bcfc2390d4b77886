import { describe, expect, it } from 'vitest';
import { mapOpenAIFinishReason } from './map-openai-finish-reason';

describe('mapOpenAIFinishReason', () => {
  it.each([
    ['stop', 'STOP'],
    ['tool_calls', 'STOP'],
    ['function_call', 'STOP'],
    ['length', 'MAX_TOKENS'],
    ['content_filter', 'SAFETY'],
    ['eos', 'OTHER'],
    ['', 'OTHER'],
  ])('maps %j to %s', (reason, expected) => {
    expect(mapOpenAIFinishReason(reason)).toBe(expected);
  });

  it('gives undefined while the model has not finished', () => {
    expect(mapOpenAIFinishReason(null)).toBeUndefined();
    expect(mapOpenAIFinishReason(undefined)).toBeUndefined();
  });
});
