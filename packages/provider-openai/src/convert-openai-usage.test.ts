import { describe, expect, it } from 'vitest';
import { convertOpenAIUsage } from './convert-openai-usage';

describe('convertOpenAIUsage', () => {
  it('reports reasoning tokens apart from the reply, as Gemini counts them', () => {
    expect(
      convertOpenAIUsage({
        prompt_tokens: 17,
        completion_tokens: 96,
        total_tokens: 113,
        completion_tokens_details: { reasoning_tokens: 80 },
      }),
    ).toEqual({
      promptTokenCount: 17,
      candidatesTokenCount: 16,
      thoughtsTokenCount: 80,
      totalTokenCount: 113,
    });
  });

  it('takes the reasoning out once, also from servers whose completion_tokens leaves it out', () => {
    // Gemini behind an OpenAI-compatible endpoint: total = prompt + completion + reasoning.
    expect(
      convertOpenAIUsage({
        prompt_tokens: 20,
        completion_tokens: 424,
        total_tokens: 1016,
        completion_tokens_details: { reasoning_tokens: 572 },
      }),
    ).toEqual({
      promptTokenCount: 20,
      candidatesTokenCount: 424,
      thoughtsTokenCount: 572,
      totalTokenCount: 1016,
    });
  });

  it('reports cache reads, which the prompt count includes', () => {
    expect(
      convertOpenAIUsage({
        prompt_tokens: 2006,
        completion_tokens: 300,
        total_tokens: 2306,
        prompt_tokens_details: { cached_tokens: 1920 },
      }),
    ).toEqual({
      promptTokenCount: 2006,
      candidatesTokenCount: 300,
      cachedContentTokenCount: 1920,
      totalTokenCount: 2306,
    });
  });

  it("reads DeepSeek's prompt_cache_hit_tokens as cache reads", () => {
    expect(
      convertOpenAIUsage({
        prompt_tokens: 1290,
        completion_tokens: 8,
        total_tokens: 1298,
        prompt_cache_hit_tokens: 1280,
      }),
    ).toEqual({
      promptTokenCount: 1290,
      candidatesTokenCount: 8,
      cachedContentTokenCount: 1280,
      totalTokenCount: 1298,
    });
  });

  it('gives none for no usage or no counts', () => {
    expect(convertOpenAIUsage(null)).toBeUndefined();
    expect(convertOpenAIUsage({ prompt_tokens_details: null })).toBeUndefined();
  });
});
