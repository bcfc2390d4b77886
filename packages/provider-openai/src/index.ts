export {
  OPENAI_API_KEY_ENV_VARS,
  OPENAI_AZURE_API_KEY_ENV_VARS,
  OPENAI_DEFAULT_BASE_URL,
  type OpenAIAzureOptions,
  type OpenAICallOptions,
  type OpenAIImageDetail,
  type OpenAIProviderOptions,
} from './openai-options';
export { createOpenAIAsyncModels, createOpenAIModels } from './openai-provider';
