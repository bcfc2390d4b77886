import type { UsageMetadata } from '@colloquy/chat-core';

interface OpenAIUsageLike {
  prompt_tokens?: number | null;
  completion_tokens?: number | null;
  total_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
  /** DeepSeek's name for the cached prompt tokens. */
  prompt_cache_hit_tokens?: number | null;
  completion_tokens_details?: { reasoning_tokens?: number | null } | null;
}

/**
 * OpenAI `usage` as Gemini `usageMetadata`, with Gemini's meanings: OpenAI's
 * `completion_tokens` includes the reasoning tokens, Gemini's `candidatesTokenCount` does not,
 * so the reasoning tokens are taken out of it and reported as `thoughtsTokenCount`. Servers
 * in front of Gemini report `completion_tokens` without the reasoning (their total adds it
 * again), so when the total is known the reply's count is what it leaves after the prompt and
 * the reasoning, which is right for both.
 * `prompt_tokens` includes the cached tokens (`prompt_tokens_details.cached_tokens`, or
 * DeepSeek's `prompt_cache_hit_tokens`), as `promptTokenCount` does; OpenAI caches
 * without charging a write, so there is no `cacheWriteTokenCount`. Returns `undefined` when
 * no count is present.
 */
export function convertOpenAIUsage(
  usage: OpenAIUsageLike | null | undefined,
): UsageMetadata | undefined {
  if (usage === null || usage === undefined) return undefined;
  const out: UsageMetadata = {};
  const count = (value: number | null | undefined) =>
    typeof value === 'number' ? value : undefined;
  const prompt = count(usage.prompt_tokens);
  const completion = count(usage.completion_tokens);
  const total = count(usage.total_tokens);
  const reasoning = count(usage.completion_tokens_details?.reasoning_tokens);
  const cached =
    count(usage.prompt_tokens_details?.cached_tokens) ?? count(usage.prompt_cache_hit_tokens);
  if (prompt !== undefined) out.promptTokenCount = prompt;
  if (completion !== undefined) {
    const output = total !== undefined && prompt !== undefined ? total - prompt : completion;
    out.candidatesTokenCount = Math.max(0, output - (reasoning ?? 0));
  }
  if (total !== undefined) out.totalTokenCount = total;
  if (reasoning !== undefined) out.thoughtsTokenCount = reasoning;
  if (cached !== undefined) out.cachedContentTokenCount = cached;
  return Object.keys(out).length > 0 ? out : undefined;
}
