// `@colloquy/provider-anthropic/internal`: the wire converters, the stream mapper and the table of
// unsupported settings, for tests, conformance checks and tools built on this adapter. Not
// covered by semver.
export type { AnthropicContentBlock, AnthropicMessageResponse } from './anthropic-api';
export { AnthropicStreamMapper } from './anthropic-stream-mapper';
export { ANTHROPIC_UNSUPPORTED_SETTINGS } from './anthropic-unsupported-settings';
export {
  convertContentBlock,
  convertFromAnthropicResponse,
} from './convert-from-anthropic-response';
export {
  type AnthropicMessagesRequest,
  type ConvertToAnthropicRequestArgs,
  convertContents,
  convertToAnthropicRequest,
} from './convert-to-anthropic-request';
export { mapAnthropicFinishReason } from './map-anthropic-finish-reason';
export { REDACTED_THINKING_PREFIX } from './redacted-thinking';
export { THINKING_SIGNATURE_PREFIX } from './thinking-signature';
