export type {
  AnthropicCacheControl,
  AnthropicCallOptions,
  AnthropicPartOptions,
  AnthropicServerTool,
  AnthropicWebSearchTool,
} from './anthropic-call-options';
export {
  ANTHROPIC_API_KEY_ENV_VARS,
  ANTHROPIC_DEFAULT_BASE_URL,
  ANTHROPIC_DEFAULT_VERSION,
  type AnthropicProviderOptions,
} from './anthropic-options';
export { createAnthropicAsyncModels, createAnthropicModels } from './anthropic-provider';
