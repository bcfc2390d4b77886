export { convertFromGeminiResponse } from './convert-from-gemini-response';
export { convertToGeminiRequest, type GeminiRequest } from './convert-to-gemini-request';
export type { GeminiResponse } from './gemini-api';
export {
  GEMINI_API_KEY_ENV_VARS,
  GEMINI_DEFAULT_API_VERSION,
  GEMINI_DEFAULT_BASE_URL,
  type GeminiCallOptions,
  type GeminiProviderOptions,
  type GeminiSafetySetting,
} from './gemini-options';
export { createGeminiAsyncModels, createGeminiModels } from './gemini-provider';
export { GeminiStreamMapper, mapGeminiEventStream } from './gemini-stream-mapper';
export { mapGeminiFinishReason } from './map-gemini-finish-reason';
