import type { Candidate } from '@colloquy/chat-core';
import type { GenerateContentResponseInit } from '@colloquy/chat-core/spec';

/**
 * Folds stream chunks into one response, as a provider's non-streaming endpoint would answer:
 * each candidate's parts are concatenated in order; any other field takes its last value.
 */
export function mergeChunks(
  chunks: readonly GenerateContentResponseInit[],
): GenerateContentResponseInit {
  const merged: GenerateContentResponseInit = {};
  const candidates: Candidate[] = [];
  for (const chunk of chunks) {
    for (const [key, value] of Object.entries(chunk)) {
      if (key !== 'candidates' && value !== undefined)
        (merged as Record<string, unknown>)[key] = value;
    }
    chunk.candidates?.forEach((candidate, position) => {
      const i = candidate.index ?? position;
      const into = candidates[i] ?? {};
      const { content, ...rest } = candidate;
      Object.assign(into, rest);
      if (content) {
        into.content = {
          role: content.role,
          parts: [...(into.content?.parts ?? []), ...content.parts],
        };
      }
      candidates[i] = into;
    });
  }
  if (candidates.length > 0) merged.candidates = candidates.filter(Boolean);
  return merged;
}
