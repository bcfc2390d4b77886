import type { UsageMetadata } from '@colloquy/chat-core';

interface OpenAIUsageLike {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/**
 * OpenAI `usage` as Gemini `usageMetadata`. `candidatesTokenCount` is OpenAI's
 * `completion_tokens`, which already includes the reasoning tokens also reported as
 * `thoughtsTokenCount`. Returns `undefined` when no count is present.
 */
export function convertOpenAIUsage(
  usage: OpenAIUsageLike | null | undefined,
): UsageMetadata | undefined {
  if (usage === null || usage === undefined) return undefined;
  const out: UsageMetadata = {};
  let any = false;
  if (typeof usage.prompt_tokens === 'number') {
    out.promptTokenCount = usage.prompt_tokens;
    any = true;
  }
  if (typeof usage.completion_tokens === 'number') {
    out.candidatesTokenCount = usage.completion_tokens;
    any = true;
  }
  if (typeof usage.total_tokens === 'number') {
    out.totalTokenCount = usage.total_tokens;
    any = true;
  }
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (typeof reasoning === 'number') {
    out.thoughtsTokenCount = reasoning;
    any = true;
  }
  const cached = usage.prompt_tokens_details?.cached_tokens;
  if (typeof cached === 'number') {
    out.cachedContentTokenCount = cached;
    any = true;
  }
  return any ? out : undefined;
}
