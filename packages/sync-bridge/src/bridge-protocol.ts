import type {
  GenerateContentParameters,
  GenerateContentResponseInit,
} from '@colloquy/chat-core/spec';

/** Error data from chat-core's `serializeError`, rebuilt with `deserializeError`. */
export type SerializedError = Record<string, unknown>;

/**
 * Streams and instances the main thread dropped without closing (found by its
 * FinalizationRegistry). They ride along with the next request instead of costing a round trip.
 */
export interface BridgeRelease {
  streams?: string[];
  instances?: string[];
}

/** What the main thread asks the worker; ids are made by the main thread so no reply is needed to learn them. */
export type BridgeRequest = (
  | {
      op: 'create';
      instance: string;
      /** As the caller wrote it, for messages. */
      module: string;
      moduleUrl: string;
      exportName: string;
      options: unknown;
      timeoutMs: number;
    }
  | { op: 'generate'; instance: string; params: GenerateContentParameters; timeoutMs: number }
  | {
      op: 'stream';
      instance: string;
      stream: string;
      params: GenerateContentParameters;
      timeoutMs: number;
    }
  | { op: 'next'; stream: string; timeoutMs: number }
  | { op: 'cancel'; stream: string }
  | { op: 'dispose'; instance: string }
) & { release?: BridgeRelease };

/**
 * Every chunk that arrived since the last batch (none: no `chunks`), as plain objects that
 * cross the thread by structured clone; `error` is thrown after them.
 */
export interface StreamBatch {
  chunks?: GenerateContentResponseInit[];
  done: boolean;
  error?: SerializedError;
}

/** The worker never throws across the thread: failures come back as data. */
export type BridgeReply =
  | { ok: true; response?: GenerateContentResponseInit; batch?: StreamBatch }
  | { ok: false; error: SerializedError };
