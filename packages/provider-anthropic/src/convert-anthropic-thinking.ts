import { ConfigurationError, type ThinkingConfig } from '@colloquy/chat-core';
import { ANTHROPIC_PROVIDER } from './anthropic-options';

/** The Messages API's `thinking` parameter. */
export type AnthropicThinkingParam =
  | { type: 'enabled'; budget_tokens: number }
  | { type: 'disabled' };

/** The Messages API's smallest thinking budget. */
const MIN_BUDGET = 1024;
/** What -1 (the model decides) stands for: Anthropic has no dynamic budget. */
const DYNAMIC_BUDGET = 8192;
const BUDGET_BY_LEVEL: Readonly<Record<string, number>> = {
  MINIMAL: MIN_BUDGET,
  LOW: 2048,
  MEDIUM: 8192,
  HIGH: 24576,
};

/**
 * `config.thinkingConfig` as `thinking` and the `max_tokens` to send with it
 * (docs/provider-settings.md). A budget wins over a level; 0 turns thinking off; a budget
 * under 1024 is raised to it. Thinking counts against `max_tokens`, which must exceed the
 * budget: without `maxOutputTokens` the budget is added to the default, and a
 * `maxOutputTokens` that leaves no room is a `ConfigurationError`.
 */
export function convertAnthropicThinking(args: {
  thinking: ThinkingConfig | undefined;
  maxOutputTokens: number | undefined;
  defaultMaxTokens: number;
}): { thinking?: AnthropicThinkingParam; maxTokens: number } {
  const { thinking, maxOutputTokens, defaultMaxTokens } = args;
  const maxTokens = maxOutputTokens ?? defaultMaxTokens;
  const budget = thinking?.thinkingBudget;
  let tokens: number | undefined;
  if (budget === 0) return { thinking: { type: 'disabled' }, maxTokens };
  if (budget !== undefined) tokens = budget < 0 ? DYNAMIC_BUDGET : Math.max(budget, MIN_BUDGET);
  else if (thinking?.thinkingLevel !== undefined) tokens = BUDGET_BY_LEVEL[thinking.thinkingLevel];
  if (tokens === undefined) return { maxTokens };
  if (maxOutputTokens === undefined) {
    return { thinking: { type: 'enabled', budget_tokens: tokens }, maxTokens: maxTokens + tokens };
  }
  if (maxOutputTokens <= tokens) {
    throw new ConfigurationError({
      provider: ANTHROPIC_PROVIDER,
      message: `thinkingConfig asks for a thinking budget of ${tokens} tokens (thinkingBudget or thinkingLevel), but maxOutputTokens is ${maxOutputTokens}; Anthropic counts thinking against max_tokens and needs it larger. Raise maxOutputTokens or lower the budget.`,
    });
  }
  return { thinking: { type: 'enabled', budget_tokens: tokens }, maxTokens };
}
