import { builtInToolsOf, type UnsupportedSettings } from '@colloquy/provider-kit';
import { thinkingIsOn } from './json-response-tool';

const JSON_WITH_THINKING =
  'approximated: the json_response tool that carries a JSON reply cannot be forced while Claude thinks, so it is offered (tool_choice auto) and the reply may be plain text.';

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
  responseMimeType: (config) => {
    if (config.responseMimeType === 'text/plain') return undefined;
    if (config.responseMimeType !== 'application/json') {
      return `not sent: the Messages API gives text or JSON only, not ${config.responseMimeType}.`;
    }
    return thinkingIsOn(config.thinkingConfig) ? JSON_WITH_THINKING : undefined;
  },
  responseJsonSchema: (config) =>
    config.responseMimeType !== 'application/json' && thinkingIsOn(config.thinkingConfig)
      ? JSON_WITH_THINKING
      : undefined,
  'thinkingConfig.thinkingBudget': (config) => {
    const budget = config.thinkingConfig?.thinkingBudget ?? 0;
    if (budget === -1 || budget < 0) {
      return 'approximated: Anthropic has no dynamic budget; -1 was sent as budget_tokens 8192.';
    }
    return budget > 0 && budget < 1024
      ? `approximated: Anthropic's smallest budget is 1024 tokens; ${budget} was raised to it.`
      : undefined;
  },
  // Gemini's own settings, which the Messages API has nothing like.
  responseLogprobs: 'not sent: the Messages API gives no log probabilities.',
  logprobs: 'not sent: the Messages API gives no log probabilities.',
  safetySettings: 'not sent: the Messages API has no safety filter settings.',
  labels: 'not sent: the Messages API has no billing labels.',
  responseModalities: (config) =>
    config.responseModalities?.every((m) => m.toUpperCase() === 'TEXT') === true
      ? undefined
      : 'not sent: Claude replies with text only.',
  mediaResolution: 'not sent: the Messages API has no media resolution setting.',
  speechConfig: 'not sent: Claude does not reply with audio.',
  audioTimestamp: 'not sent: the Messages API takes no audio.',
  audioTranscriptionConfig: 'not sent: the Messages API takes no audio.',
  imageConfig: 'not sent: Claude does not generate images.',
  routingConfig: 'not sent: Vertex AI model routing has no Messages API equivalent.',
  modelSelectionConfig: 'not sent: Vertex AI model selection has no Messages API equivalent.',
  store: 'not sent: a Gemini logging setting, which the Messages API has no equivalent of.',
  continuationToken: 'not sent: Gemini continuation tokens mean nothing to the Messages API.',
  modelArmorConfig: 'not sent: Vertex AI Model Armor has no the Messages API equivalent.',
  generationOutputConfig: 'not sent: Vertex AI output storage has no the Messages API equivalent.',
  enableEnhancedCivicAnswers: 'not sent: the Messages API has no such setting.',
  serviceTier: 'not sent: use providerOptions.anthropic.service_tier (auto, standard_only).',
  'thinkingConfig.includeThoughts': (config) =>
    config.thinkingConfig?.includeThoughts === false
      ? 'not honoured: Claude returns its thinking blocks whenever thinking is on.'
      : undefined,
};
