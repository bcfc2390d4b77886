// `@colloquy/provider-gemini/internal`: the wire converters, the stream mapper and the table of
// unsupported settings, for tests, conformance checks and tools built on this adapter. Not
// covered by semver.
export { convertFromGeminiResponse } from './convert-from-gemini-response';
export { convertToGeminiRequest, type GeminiRequest } from './convert-to-gemini-request';
export type { GeminiResponse } from './gemini-api';
export { GeminiStreamMapper, mapGeminiEventStream } from './gemini-stream-mapper';
export { GEMINI_UNSUPPORTED_SETTINGS } from './gemini-unsupported-settings';
export { mapGeminiFinishReason } from './map-gemini-finish-reason';
