export { convertFromOpenAIResponse } from './convert-from-openai-response';
export {
  type ConvertToOpenAIRequestArgs,
  convertToOpenAIRequest,
  type OpenAIChatRequest,
  type OpenAIContentPart,
  type OpenAIFunctionTool,
  type OpenAIMessage,
  type OpenAIToolChoice,
} from './convert-to-openai-request';
export { mapOpenAIFinishReason } from './map-openai-finish-reason';
export type { OpenAIChatChunk, OpenAIChatCompletion } from './openai-api';
export {
  OPENAI_DEFAULT_BASE_URL,
  type OpenAIAzureOptions,
  type OpenAICallOptions,
  type OpenAIProviderOptions,
} from './openai-options';
export { createOpenAIAsyncModels, createOpenAIModels } from './openai-provider';
export { OpenAIStreamMapper } from './openai-stream-mapper';
