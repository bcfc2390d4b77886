export {
  ANTHROPIC_API_KEY_ENV_VARS,
  ANTHROPIC_DEFAULT_BASE_URL,
  ANTHROPIC_DEFAULT_VERSION,
  type AnthropicCacheControl,
  type AnthropicCallOptions,
  type AnthropicPartOptions,
  type AnthropicProviderOptions,
  type AnthropicServerTool,
  type AnthropicWebSearchTool,
} from './anthropic-options';
export { createAnthropicAsyncModels, createAnthropicModels } from './anthropic-provider';
