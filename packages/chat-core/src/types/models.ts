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
 * An async iterator that can also hand out what it already holds without a promise: one
 * promise per item is most of a fast stream's overhead once every layer adds its own.
 *
 * `tryNext()` returns the next result when it is available now (an item, or the end) and
 * `undefined` when it is not: then the caller waits on `next()`. It throws what `next()`
 * would reject with, once; afterwards both report the end. It never starts I/O, and it
 * returns `undefined` while a `next()` is pending. The stream's async iterator may implement
 * it (adapters do); consumers must still accept iterators without it.
 */
export interface BufferedAsyncIterator<T, TReturn = undefined>
  extends AsyncIterator<T, TReturn, undefined> {
  tryNext(): IteratorResult<T, TReturn> | undefined;
}

/**
 * The asynchronous transport seam. Adapter packages implement it for each provider.
 * Errors are thrown as chat-core's error classes (`ApiError` and its kin).
 */
export interface AsyncModels {
  /** The seam version the adapter implements: `SPECIFICATION_VERSION` from `@colloquy/chat-core/spec`. */
  readonly specificationVersion: SpecificationVersion;
  generateContent(params: GenerateContentParameters): Promise<GenerateContentResponse>;
  /** The iterator may be a `BufferedAsyncIterator`; the chat then skips a promise per chunk. */
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
  generateContent(params: GenerateContentParameters): GenerateContentResponse;
  generateContentStream(params: GenerateContentParameters): Iterable<GenerateContentResponse>;
}
