import type { UsageMetadata } from '@colloquy/chat-core';
import type { AnthropicUsage } from './anthropic-api';

/**
 * Anthropic usage as Gemini usage metadata. Anthropic's `input_tokens` leaves out cached
 * tokens, while Gemini's `promptTokenCount` includes them, so cache reads and writes are added
 * to the prompt count and also reported apart: reads as `cachedContentTokenCount`, writes as
 * `cacheWriteTokenCount`. Thinking tokens are part of `output_tokens` and Anthropic does not
 * count them apart, so there is no `thoughtsTokenCount`.
 */
export function convertAnthropicUsage(
  usage: AnthropicUsage | null | undefined,
): UsageMetadata | undefined {
  if (!usage) return undefined;
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheWrite = usage.cache_creation_input_tokens ?? 0;
  const prompt = (usage.input_tokens ?? 0) + cacheWrite + cacheRead;
  const candidates = usage.output_tokens ?? 0;
  const metadata: UsageMetadata = {
    promptTokenCount: prompt,
    candidatesTokenCount: candidates,
    totalTokenCount: prompt + candidates,
  };
  if (cacheRead > 0) metadata.cachedContentTokenCount = cacheRead;
  if (cacheWrite > 0) metadata.cacheWriteTokenCount = cacheWrite;
  return metadata;
}
