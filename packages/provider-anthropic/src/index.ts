export {
  ANTHROPIC_API_KEY_ENV_VARS,
  ANTHROPIC_DEFAULTS,
  type AnthropicProviderOptions,
} from './anthropic-options';
export { createAnthropicAsyncModels, createAnthropicModels } from './anthropic-provider';
export { REDACTED_THINKING_PREFIX } from './redacted-thinking';
