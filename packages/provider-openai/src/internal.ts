// `@colloquy/provider-openai/internal`: the wire converters, the stream mapper and the table of
// unsupported settings, for tests, conformance checks and tools built on this adapter. Not
// covered by semver.
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
export { OpenAIStreamMapper } from './openai-stream-mapper';
export { OPENAI_UNSUPPORTED_SETTINGS } from './openai-unsupported-settings';
