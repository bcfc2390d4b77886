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
  responseLogprobs: (config) =>
    config.responseLogprobs === true
      ? "sent as logprobs (logprobs as top_logprobs), but the reply's log probabilities are not read into the response yet."
      : undefined,
  // Gemini's own settings, which Chat Completions has nothing like.
  safetySettings: 'not sent: Chat Completions has no safety filter settings.',
  cachedContent:
    'not sent: Gemini cached contents exist only on Gemini; OpenAI caches long prompts itself.',
  labels: 'not sent: Chat Completions has no billing labels.',
  responseModalities: (config) =>
    config.responseModalities?.every((m) => m.toUpperCase() === 'TEXT') === true
      ? undefined
      : 'not sent: this adapter reads text replies only (audio needs providerOptions.openai.modalities and audio).',
  mediaResolution: 'not sent: Chat Completions has no media resolution setting.',
  speechConfig: 'not sent: use providerOptions.openai.audio for audio replies.',
  audioTimestamp: 'not sent: Chat Completions has no audio timestamps.',
  audioTranscriptionConfig: 'not sent: Chat Completions has no transcription settings.',
  imageConfig: 'not sent: Chat Completions does not generate images.',
  routingConfig: 'not sent: Vertex AI model routing has no Chat Completions equivalent.',
  modelSelectionConfig: 'not sent: Vertex AI model selection has no Chat Completions equivalent.',
  store: 'not sent: a Gemini logging setting, which Chat Completions has no equivalent of.',
  continuationToken: 'not sent: Gemini continuation tokens mean nothing to Chat Completions.',
  modelArmorConfig: 'not sent: Vertex AI Model Armor has no Chat Completions equivalent.',
  generationOutputConfig: 'not sent: Vertex AI output storage has no Chat Completions equivalent.',
  enableEnhancedCivicAnswers: 'not sent: Chat Completions has no such setting.',
};
