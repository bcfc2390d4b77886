export {
  GEMINI_API_KEY_ENV_VARS,
  GEMINI_DEFAULT_API_VERSION,
  GEMINI_DEFAULT_BASE_URL,
  type GeminiCallOptions,
  type GeminiProviderOptions,
  type GeminiSafetySetting,
} from './gemini-options';
export { createGeminiAsyncModels, createGeminiModels } from './gemini-provider';
