/**
 * What a harness can be asked to script. Most name a kind of reply; `request-id`, `retries`,
 * `api-key` and `blocking-models` name what the setup as a whole can show. A harness lists the ones it cannot
 * do in `unsupported`, with the reason: their cases are skipped with that reason in the title.
 */
export type HarnessCapability =
  /** `{type: 'text'}` replies, streamed in the given chunks. */
  | 'text'
  /** `{type: 'function-calls'}` replies, in both call modes. */
  | 'function-calls'
  /** `{type: 'blocked'}`: the provider's safety refusal. */
  | 'blocked'
  /** `{type: 'empty'}`: a successful reply with no content. */
  | 'empty'
  /** `{type: 'http-error'}`: an HTTP error status in the provider's error shape. */
  | 'http-error'
  /** `http-error` replies carry `requestId` where the adapter reads the provider's request id. */
  | 'request-id'
  /** The adapter retries a 429 (it honours `maxRetries` and `Retry-After`). */
  | 'retries'
  /** `{type: 'malformed-event'}`: unparseable data inside a stream, or a cut JSON body. */
  | 'malformed-event'
  /** `{type: 'drop-mid-stream'}`: the connection closes after some chunks. */
  | 'drop-mid-stream'
  /** `{type: 'stall-mid-stream'}`: the stream goes silent after some chunks. */
  | 'stall-mid-stream'
  /** `{type: 'error-event'}`: the provider's own error event in the middle of a stream. */
  | 'error-event'
  /**
   * `adapterOptions()` gives the key as `apiKey` (a string of 8 or more characters), and the
   * fake rejects any other key the way the provider does.
   */
  | 'api-key'
  /**
   * The harness can answer the adapter's blocking models (`createModels`). For adapters built
   * on `@colloquy/sync-bridge` these send their requests from a worker thread: a real server
   * on 127.0.0.1 sees them, msw handlers (which patch only the thread they run in) don't.
   * Nor may that server run on the test's own thread: a blocking call parks the thread
   * until the answer comes.
   */
  | 'blocking-models';

/** Every capability, in the order the suite's cases use them. */
export const harnessCapabilities: readonly HarnessCapability[] = [
  'text',
  'function-calls',
  'blocked',
  'empty',
  'http-error',
  'request-id',
  'retries',
  'malformed-event',
  'drop-mid-stream',
  'stall-mid-stream',
  'error-event',
  'api-key',
  'blocking-models',
];

/** A function call the model makes. */
export interface HarnessFunctionCall {
  /** The provider's call id. The suite always gives one, so it can check it comes back. */
  id?: string;
  name: string;
  args: Record<string, unknown>;
}

/** A text reply. Streamed, it arrives as `chunks` (one content event each), which join to `text`. */
export interface HarnessTextReply {
  type: 'text';
  text: string;
  chunks?: string[];
}

/** The model calls functions; their results must come back in the next request. */
export interface HarnessFunctionCallsReply {
  type: 'function-calls';
  calls: HarnessFunctionCall[];
}

/** The provider's safety refusal (Gemini `SAFETY`, OpenAI `content_filter`, Anthropic `refusal`). */
export interface HarnessBlockedReply {
  type: 'blocked';
}

/** A successful reply carrying no content at all. */
export interface HarnessEmptyReply {
  type: 'empty';
}

/** An HTTP error in the provider's own error body shape. */
export interface HarnessHttpErrorReply {
  type: 'http-error';
  status: number;
  /** The provider's error message. */
  message?: string;
  /** Sent as `Retry-After: <seconds>`. */
  retryAfterSeconds?: number;
  /** Sent the way the provider sends its request id (a response header). */
  requestId?: string;
}

/**
 * Streamed: the chunk at index `atChunk` (0-based) is replaced by data that is not valid JSON,
 * so `chunks[0..atChunk)` arrive first. Not streamed: the JSON body is cut short.
 */
export interface HarnessMalformedEventReply {
  type: 'malformed-event';
  text: string;
  chunks: string[];
  atChunk: number;
}

/** Streamed: `afterChunks` chunks arrive, then the connection closes mid-body. */
export interface HarnessDropMidStreamReply {
  type: 'drop-mid-stream';
  text: string;
  chunks: string[];
  afterChunks: number;
}

/**
 * Streamed: `afterChunks` chunks arrive, then nothing for `stallMs`, then the rest. The suite
 * always stalls for far longer than the client waits (it aborts, or its idle timer fires), so
 * a harness may simply hold the stream open until the client goes away.
 */
export interface HarnessStallMidStreamReply {
  type: 'stall-mid-stream';
  text: string;
  chunks: string[];
  afterChunks: number;
  stallMs: number;
}

/**
 * Streamed: `afterChunks` chunks arrive, then the provider's in-stream error event for a
 * server-side failure (Gemini's `error` object, OpenAI's `error` chunk, Anthropic's
 * `event: error` with `overloaded_error`), and the stream ends.
 */
export interface HarnessErrorEventReply {
  type: 'error-event';
  text: string;
  chunks: string[];
  afterChunks: number;
  message?: string;
}

/** One scripted answer, used by one request. */
export type HarnessReply =
  | HarnessTextReply
  | HarnessFunctionCallsReply
  | HarnessBlockedReply
  | HarnessEmptyReply
  | HarnessHttpErrorReply
  | HarnessMalformedEventReply
  | HarnessDropMidStreamReply
  | HarnessStallMidStreamReply
  | HarnessErrorEventReply;

/** A function result as the provider received it. */
export interface HarnessFunctionResponse {
  /** The id of the call it answers, where the wire format carries one. */
  id?: string;
  /** The function name, where the wire format carries one (OpenAI and Anthropic don't). */
  name?: string;
  /** The result: the wire value, JSON-parsed when the wire carries it as text. */
  response: unknown;
}

/** One message of a received request, in provider-neutral form. */
export interface HarnessMessage {
  /** Tool or function-result messages count as `user`. */
  role: 'system' | 'user' | 'assistant';
  /** The message's text parts, concatenated (reasoning left out). */
  text: string;
  functionCalls: HarnessFunctionCall[];
  functionResponses: HarnessFunctionResponse[];
}

/** One request the harness received, read back from the provider's wire format. */
export interface HarnessRequest {
  /** The model named by the request (in the body or the URL). */
  model?: string;
  /** Whether the request asked for a stream; undefined when the harness cannot tell. */
  stream?: boolean;
  /** The system instruction as a `system` message first, when there is one, then the turns. */
  messages: HarnessMessage[];
  /** Names of the functions the request declares. */
  functionDeclarations: string[];
}

/**
 * Makes the provider (a fake of it) answer as the suite asks. The suite calls `setup` before
 * its cases, `reset` after each case and `teardown` after all of them, within its own
 * `describe` block, so several harnesses can run in one file as long as they don't overlap.
 * A case queues its replies with `enqueue` before it creates the models, then reads what
 * the provider received with `requests`.
 */
export interface ConformanceHarness<Options extends object = Record<string, unknown>> {
  /** Capabilities this harness cannot script, each with the reason. Their cases are skipped. */
  readonly unsupported?: Partial<Record<HarnessCapability, string>>;
  /** Start a server, or install request handlers. */
  setup?(): void | Promise<void>;
  /** Forget queued replies and received requests. */
  reset?(): void | Promise<void>;
  /** Stop the server, or remove the handlers. */
  teardown?(): void | Promise<void>;
  /**
   * Adapter options that point the adapter at this harness (`apiKey`, `baseUrl`...). Called
   * by each case, after `setup`. The suite adds `maxRetries` and `idleTimeout` to them.
   */
  adapterOptions(): Options;
  /**
   * Queues replies; each request uses the next one. May return a promise (a server in another
   * thread acknowledging them): the suite awaits it before it sends anything.
   */
  enqueue(...replies: HarnessReply[]): void | Promise<void>;
  /** The requests received since the last `reset`, oldest first. */
  requests(): HarnessRequest[] | Promise<HarnessRequest[]>;
}
