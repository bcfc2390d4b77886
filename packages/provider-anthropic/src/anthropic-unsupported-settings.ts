import { builtInToolsOf, type UnsupportedSettings } from '@colloquy/provider-kit';

/**
 * The settings the Messages API ignores or approximates (docs/provider-settings.md): each
 * becomes a response warning, or with `config.strict` a `ConfigurationError` before sending.
 */
export const ANTHROPIC_UNSUPPORTED_SETTINGS: UnsupportedSettings = {
  tools: (config) => {
    const builtIn = builtInToolsOf(config);
    return builtIn.length > 0
      ? `not sent: ${builtIn.join(', ')} ${builtIn.length === 1 ? 'is a Gemini built-in tool' : 'are Gemini built-in tools'}; for Anthropic's own web search give providerOptions.anthropic.serverTools. The function declarations were sent.`
      : undefined;
  },
  cachedContent:
    'not sent: Gemini cached contents exist only on Gemini; use providerOptions.anthropic.autoCache or cacheControl breakpoints.',
  seed: 'not sent: the Messages API has no seed, so replies are not reproducible.',
  presencePenalty: 'not sent: the Messages API has no presence penalty.',
  frequencyPenalty: 'not sent: the Messages API has no frequency penalty.',
  candidateCount: (config) =>
    (config.candidateCount ?? 1) > 1
      ? 'not sent: the Messages API gives one reply per request.'
      : undefined,
  responseMimeType: (config) =>
    config.responseMimeType === 'text/plain'
      ? undefined
      : 'not sent: use providerOptions.anthropic for Anthropic structured output.',
  responseJsonSchema: 'not sent: use providerOptions.anthropic for Anthropic structured output.',
  'thinkingConfig.thinkingBudget': (config) => {
    const budget = config.thinkingConfig?.thinkingBudget ?? 0;
    if (budget === -1 || budget < 0) {
      return 'approximated: Anthropic has no dynamic budget; -1 was sent as budget_tokens 8192.';
    }
    return budget > 0 && budget < 1024
      ? `approximated: Anthropic's smallest budget is 1024 tokens; ${budget} was raised to it.`
      : undefined;
  },
  'thinkingConfig.includeThoughts': (config) =>
    config.thinkingConfig?.includeThoughts === false
      ? 'not honoured: Claude returns its thinking blocks whenever thinking is on.'
      : undefined,
};
