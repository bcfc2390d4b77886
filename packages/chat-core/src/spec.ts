// `@colloquy/chat-core/spec`: the transport seam, for adapter authors. An adapter implements
// `AsyncModels` (and, natively or through `@colloquy/sync-bridge`, `Models`) carrying
// `specificationVersion: SPECIFICATION_VERSION`, reads `GenerateContentParameters`, and
// builds replies from `GenerateContentResponseInit`. Users of chats need none of this: the
// root entry has what they write code against.
export { deserializeError, serializeError } from './errors/error-codec';
export { isBlockedFinishReason } from './history/is-valid-content';
export type { GenerateContentResponseInit } from './types/generate-content-response';
export type {
  AsyncModels,
  GenerateContentParameters,
  Models,
  TransportConfig,
} from './types/models';
export { SPECIFICATION_VERSION, type SpecificationVersion } from './types/specification-version';
