import type { ThinkingConfig } from '@colloquy/chat-core';

/** Chat Completions' `reasoning_effort` values the mapping gives. */
export type OpenAIReasoningEffort = 'minimal' | 'low' | 'medium' | 'high';

const EFFORT_BY_LEVEL: Readonly<Record<string, OpenAIReasoningEffort>> = {
  MINIMAL: 'minimal',
  LOW: 'low',
  MEDIUM: 'medium',
  HIGH: 'high',
};

/**
 * `config.thinkingConfig` as `reasoning_effort` (docs/provider-settings.md): a level maps to
 * the effort of the same name; a budget, the finer setting, wins and maps by range (0 →
 * minimal, up to 2048 → low, up to 8192 → medium, more → high). -1 (the model decides) and
 * a config without either give none, leaving the model's default.
 */
export function reasoningEffortOf(
  thinking: ThinkingConfig | undefined,
): OpenAIReasoningEffort | undefined {
  const budget = thinking?.thinkingBudget;
  if (budget !== undefined && budget >= 0) {
    if (budget === 0) return 'minimal';
    if (budget <= 2048) return 'low';
    return budget <= 8192 ? 'medium' : 'high';
  }
  if (budget !== undefined) return undefined;
  const level = thinking?.thinkingLevel;
  return level === undefined ? undefined : EFFORT_BY_LEVEL[level];
}
