import type { Content } from './content';
import type { GenerateContentConfig } from './generate-content-config';
import type { GenerateContentResponse } from './generate-content-response';
import type { SpecificationVersion } from './specification-version';
import type { Tool } from './tool';

/**
 * What the transport receives. `contents` is read-only: a transport must not mutate the
 * turns it is given (the chat passes its own history without copying it). `config.tools`
 * holds declarations only: callable tools are reduced to their declarations by the chat.
 */
export interface GenerateContentParameters {
  model: string;
  contents: readonly Content[];
  config?: TransportConfig;
}

/** The config a transport sees: tools are plain declarations. */
export type TransportConfig = Omit<GenerateContentConfig, 'tools'> & { tools?: Tool[] };

/**
 * The asynchronous transport seam. Adapter packages implement it for each provider.
 * Errors are thrown as chat-core's error classes (`ApiError` and its kin).
 */
export interface AsyncModels {
  /** The seam version the adapter implements: `SPECIFICATION_VERSION` from `@colloquy/chat-core/spec`. */
  readonly specificationVersion: SpecificationVersion;
  /** The provider's name (`'gemini'`, `'openai'`, …), recorded on the turns a store keeps. */
  readonly provider?: string;
  generateContent(params: GenerateContentParameters): Promise<GenerateContentResponse>;
  /**
   * The chat calls `return()` on the stream's iterator when the consumer abandons it, even
   * before the first chunk: the stream should then release its connection.
   */
  generateContentStream(
    params: GenerateContentParameters,
  ): Promise<AsyncIterable<GenerateContentResponse>>;
}

/**
 * The blocking transport seam, for `Chat`. The mock provider implements it natively; real
 * adapters get it from the worker-thread bridge in `@colloquy/sync-bridge`.
 */
export interface Models {
  /** The seam version the adapter implements: `SPECIFICATION_VERSION` from `@colloquy/chat-core/spec`. */
  readonly specificationVersion: SpecificationVersion;
  /** The provider's name (`'gemini'`, `'openai'`, …), recorded on the turns a store keeps. */
  readonly provider?: string;
  generateContent(params: GenerateContentParameters): GenerateContentResponse;
  generateContentStream(params: GenerateContentParameters): Iterable<GenerateContentResponse>;
}
