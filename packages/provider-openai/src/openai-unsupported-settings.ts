import { builtInToolsOf, type UnsupportedSettings } from '@colloquy/provider-kit';

/**
 * The settings Chat Completions ignores or approximates (docs/provider-settings.md): each
 * becomes a response warning, or with `config.strict` a `ConfigurationError` before sending.
 */
export const OPENAI_UNSUPPORTED_SETTINGS: UnsupportedSettings = {
  topK: 'not sent: Chat Completions has no top-k sampling.',
  tools: (config) => {
    const builtIn = builtInToolsOf(config);
    return builtIn.length > 0
      ? `not sent: ${builtIn.join(', ')} ${builtIn.length === 1 ? 'is a Gemini built-in tool' : 'are Gemini built-in tools'} Chat Completions does not have; the function declarations were sent.`
      : undefined;
  },
  cachedContent:
    'not sent: Gemini cached contents exist only on Gemini; OpenAI caches long prompts itself.',
  responseMimeType: (config) =>
    config.responseMimeType === 'application/json' || config.responseMimeType === 'text/plain'
      ? undefined
      : `not sent: Chat Completions gives JSON or text only, not ${config.responseMimeType}.`,
  'thinkingConfig.thinkingBudget': (config) => {
    const budget = config.thinkingConfig?.thinkingBudget ?? -1;
    return budget >= 0
      ? 'approximated: sent as reasoning_effort (0 → minimal, ≤ 2048 → low, ≤ 8192 → medium, more → high).'
      : undefined;
  },
  'thinkingConfig.includeThoughts':
    'not sent: Chat Completions has no such switch; reasoning comes back only from servers that send reasoning_content (DeepSeek, vLLM) or reasoning (Ollama, OpenRouter).',
};
