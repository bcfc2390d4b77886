import { describe, expect, it } from 'vitest';
import { convertAnthropicUsage } from './convert-anthropic-usage';

describe('convertAnthropicUsage', () => {
  it('maps input and output tokens, with their total', () => {
    expect(convertAnthropicUsage({ input_tokens: 25, output_tokens: 15 })).toEqual({
      promptTokenCount: 25,
      candidatesTokenCount: 15,
      totalTokenCount: 40,
    });
  });

  it('counts cache reads and writes in the prompt, and reports each apart', () => {
    expect(
      convertAnthropicUsage({
        input_tokens: 50,
        output_tokens: 320,
        cache_creation_input_tokens: 10,
        cache_read_input_tokens: 1200,
      }),
    ).toEqual({
      promptTokenCount: 1260,
      candidatesTokenCount: 320,
      totalTokenCount: 1580,
      cachedContentTokenCount: 1200,
      cacheWriteTokenCount: 10,
    });
  });

  it('treats missing counts as zero, and no usage as none', () => {
    expect(convertAnthropicUsage({ output_tokens: 7, input_tokens: null })).toEqual({
      promptTokenCount: 0,
      candidatesTokenCount: 7,
      totalTokenCount: 7,
    });
    expect(convertAnthropicUsage(undefined)).toBeUndefined();
    expect(convertAnthropicUsage(null)).toBeUndefined();
  });
});
