import type { FinishReason, UsageMetadata } from '@colloquy/chat-core';
import type { GenerateContentResponseInit } from '@colloquy/chat-core/spec';

/** The chat-core error classes a script can throw, plus `Error` for a non-Colloquy failure. */
export type MockErrorName =
  | 'ColloquyError'
  | 'ApiError'
  | 'AuthenticationError'
  | 'PermissionDeniedError'
  | 'NotFoundError'
  | 'RateLimitError'
  | 'ServerError'
  | 'TimeoutError'
  | 'ConnectionError'
  | 'AbortError'
  | 'StreamInterruptedError'
  | 'InvalidResponseError'
  | 'ConfigurationError'
  | 'InvalidMessageError'
  | 'InvalidHistoryError'
  | 'Error';

/**
 * An error to throw, as plain data. Fields the class does not know are ignored; fields it
 * requires get defaults (`provider: 'mock'`, `status` by class, `phase: 'request'`...).
 */
export interface MockErrorSpec {
  name: MockErrorName;
  message?: string;
  status?: number;
  retryAfterMs?: number;
  provider?: string;
  requestId?: string;
  providerMessage?: string;
  providerCode?: string;
  timeoutMs?: number;
  phase?: 'request' | 'idle' | 'bridge';
  chunksReceived?: number;
  excerpt?: string;
}

/** Timing shared by every turn. */
export interface MockTiming {
  /** Latency before the response (or, streaming, before the stream opens), in ms. */
  delayMs?: number;
  /** Pause before each streamed chunk, in ms. Overrides the script's `chunkDelayMs`. */
  chunkDelayMs?: number;
}

export interface MockFunctionCall {
  name: string;
  args?: Record<string, unknown>;
  id?: string;
}

/** A text reply. With `failAfterChunks`, a stream that breaks after that many chunks. */
export interface MockTextTurn extends MockTiming {
  text: string;
  /** How a stream splits the text; must join to `text`. Default: word-sized chunks. */
  chunks?: string[];
  finishReason?: FinishReason;
  usage?: UsageMetadata;
  /** Stream: yield this many chunks, then throw `error`. Non-streaming: throw `error`. */
  failAfterChunks?: number;
  /** The error `failAfterChunks` throws. Default: `StreamInterruptedError`. */
  error?: MockErrorSpec;
}

/** A reply calling functions, optionally after some text. */
export interface MockFunctionCallTurn extends MockTiming {
  functionCalls: MockFunctionCall[];
  text?: string;
  chunks?: string[];
  finishReason?: FinishReason;
  usage?: UsageMetadata;
  failAfterChunks?: number;
  error?: MockErrorSpec;
}

/** A candidate whose content has no parts. */
export interface MockEmptyTurn extends MockTiming {
  empty: true;
  usage?: UsageMetadata;
}

/** A candidate stopped by a filter: this finish reason and no content. */
export interface MockBlockedTurn extends MockTiming {
  blocked: FinishReason;
  usage?: UsageMetadata;
}

/** A prompt the provider refused: no candidates, `promptFeedback.blockReason` set. */
export interface MockPromptBlockedTurn extends MockTiming {
  promptBlocked: string;
  usage?: UsageMetadata;
}

/** A content holding an empty part `{}`: the shape the chat keeps out of curated history. */
export interface MockInvalidTurn extends MockTiming {
  invalid: true;
  usage?: UsageMetadata;
}

/** The call fails with this error (a streaming call rejects before yielding anything). */
export interface MockErrorTurn extends MockTiming {
  error: MockErrorSpec;
}

/** Escape hatch: this exact response (streaming: as the only chunk). */
export interface MockRawResponseTurn extends MockTiming {
  response: GenerateContentResponseInit;
}

/** Escape hatch: these exact chunks (non-streaming: merged into one response). */
export interface MockRawStreamTurn extends MockTiming {
  streamChunks: GenerateContentResponseInit[];
}

/** One scripted model turn, consumed by one `generateContent` or `generateContentStream` call. */
export type MockTurn =
  | MockTextTurn
  | MockFunctionCallTurn
  | MockEmptyTurn
  | MockBlockedTurn
  | MockPromptBlockedTurn
  | MockInvalidTurn
  | MockErrorTurn
  | MockRawResponseTurn
  | MockRawStreamTurn;

export interface MockScriptOptions {
  turns?: MockTurn[];
  /** Pause before each streamed chunk, in ms, for every turn that doesn't set its own. */
  chunkDelayMs?: number;
  /** Reported as `modelVersion`; default: the model each request names. */
  model?: string;
}

/**
 * What drives the mock: a list of turns, or turns with options. Plain data only, so it can
 * cross to a worker thread (`@colloquy/sync-bridge`).
 */
export type MockScript = MockTurn[] | MockScriptOptions;
