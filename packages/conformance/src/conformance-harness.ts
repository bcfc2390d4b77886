import type { MockTurn } from '@colloquy/provider-mock';

/**
 * What a harness can be asked to script. Most name a kind of reply; `request-id`, `retries`,
 * `api-key` and `blocking-models` name what the setup as a whole can show. A harness lists the ones it cannot
 * do in `unsupported`, with the reason: their cases are skipped with that reason in the title.
 * Replies are `MockTurn`s of `@colloquy/provider-mock`; each capability names the turns it covers.
 */
export type HarnessCapability =
  /** `{ text, chunks? }` turns, streamed in the given chunks (one content event each). */
  | 'text'
  /** `{ functionCalls }` turns, in both call modes; the suite always gives each call an `id`. */
  | 'function-calls'
  /** `{ blocked: 'SAFETY' }`: the provider's safety refusal. */
  | 'blocked'
  /** `{ empty: true }`: a successful reply with no content. */
  | 'empty'
  /**
   * `{ error: { name, status, providerMessage?, retryAfterMs? } }` with an HTTP error class:
   * that status in the provider's error shape (`retryAfterMs` as `Retry-After: <seconds>`).
   */
  | 'http-error'
  /** `http-error` turns carry `error.requestId` where the adapter reads the provider's request id. */
  | 'request-id'
  /** The adapter retries a 429 (it honours `maxRetries` and `Retry-After`). */
  | 'retries'
  /**
   * `{ text, chunks, failAfterChunks, error: { name: 'InvalidResponseError' } }`: streamed, the
   * event after that many chunks is not valid JSON; not streamed, the JSON body is cut short.
   */
  | 'malformed-event'
  /** `{ text, chunks, failAfterChunks }`: the connection closes after that many chunks. */
  | 'drop-mid-stream'
  /**
   * `{ text, chunks, failAfterChunks, error: { name: 'TimeoutError', phase: 'idle', timeoutMs } }`:
   * the stream goes silent after that many chunks, for longer than the client waits (it aborts,
   * or its idle timer fires), so a harness may simply hold the stream open until the client
   * goes away.
   */
  | 'stall-mid-stream'
  /**
   * `{ text, chunks, failAfterChunks, error: { name: 'ServerError', providerMessage? } }`: after
   * that many chunks, the provider's in-stream error event for a server-side failure (Gemini's
   * `error` object, OpenAI's `error` chunk, Anthropic's `event: error` with `overloaded_error`).
   */
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

/** A function call in a received request. */
export interface HarnessFunctionCall {
  /** The provider's call id, where the wire format carries one. */
  id?: string;
  name: string;
  args: Record<string, unknown>;
}

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
   * Queues replies, in the mock's vocabulary (`MockTurn` of `@colloquy/provider-mock`); each
   * request uses the next one. May return a promise (a server in another thread
   * acknowledging them): the suite awaits it before it sends anything.
   */
  enqueue(...replies: MockTurn[]): void | Promise<void>;
  /** The requests received since the last `reset`, oldest first. */
  requests(): HarnessRequest[] | Promise<HarnessRequest[]>;
}
