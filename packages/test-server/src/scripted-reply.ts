import type { FunctionCall } from '@colloquy/chat-core';

/**
 * A text answer. `chunks` only shapes the streamed form: an array gives the exact pieces
 * (they must join to `text`), a number N splits `text` into N nearly equal pieces (one
 * content event each). Without it the text streams word by word.
 */
export interface TextReply {
  text: string;
  chunks?: readonly string[] | number;
}

/** The model asks for function calls, optionally after some text. */
export interface FunctionCallsReply {
  functionCalls: readonly FunctionCall[];
  text?: string;
}

/** The provider-typical safety block: Gemini `SAFETY`, OpenAI `content_filter`, Anthropic `refusal`. */
export interface BlockedReply {
  blocked: true;
}

/** A successful answer with no content at all. */
export interface EmptyReply {
  empty: true;
}

/** An HTTP error in the provider's own error body shape. */
export interface ErrorReply {
  status: number;
  errorMessage?: string;
  headers?: Record<string, string>;
}

/**
 * Exactly this answer, whatever the request: for replaying what the real API once sent (a
 * recorded body or event stream). `status` defaults to 200.
 */
export interface RecordedReply {
  recorded: { status?: number; contentType: string; body: string };
}

/** The text a streamed fault carries; defaults to the echo reply. */
interface FaultText {
  text?: string;
  chunks?: readonly string[] | number;
}

/** Connection closed before any response byte (msw: `HttpResponse.error()`). */
export interface ResetBeforeHeadersFault {
  fault: 'reset-before-headers';
}

/** Headers and `afterEvents` complete events (default 1), then the socket is destroyed. */
export interface ResetMidStreamFault extends FaultText {
  fault: 'reset-mid-stream';
  afterEvents?: number;
}

/** Event number `atEvent` (0-based, default 1) carries truncated JSON. */
export interface MalformedEventFault extends FaultText {
  fault: 'malformed-event';
  atEvent?: number;
}

/** The first event holding a multibyte character is written in two parts, split inside that character. */
export interface SplitUtf8Fault extends FaultText {
  fault: 'split-utf8';
  /** Pause between the two writes, default 20 ms. */
  delayMs?: number;
}

/** The stream ends cleanly after the content: no finish reason, no terminator event. */
export interface NoTerminatorFault extends FaultText {
  fault: 'no-terminator';
}

/** After `afterEvents` events (default 1) the provider's in-stream error event, then the end. */
export interface ErrorEventFault extends FaultText {
  fault: 'error-event';
  afterEvents?: number;
  errorMessage?: string;
}

/** A 429 telling the client when to retry. */
export interface RetryAfterFault {
  fault: 'retry-after';
  /** Delay to announce, in ms (default 1000). */
  afterMs?: number;
  /** `seconds`: `Retry-After: <s>`; `http-date`: `Retry-After: <date>`; `ms`: `retry-after-ms`. */
  format?: 'seconds' | 'http-date' | 'ms';
}

/** Waits `delayMs` before sending headers, then answers with `reply` (default: the echo reply). */
export interface SlowFirstByteFault {
  fault: 'slow-first-byte';
  delayMs: number;
  reply?: TextReply | FunctionCallsReply | BlockedReply | EmptyReply | ErrorReply;
}

/** After `afterEvents` events (default 1) nothing is written for `stallMs`, then the rest follows. */
export interface StallMidStreamFault extends FaultText {
  fault: 'stall-mid-stream';
  stallMs: number;
  afterEvents?: number;
}

/** A valid answer whose JSON body (or, when streaming, whose first content event's data) is exactly `bytes` long. */
export interface OversizedFault {
  fault: 'oversized';
  bytes: number;
}

/** An HTML error page, as a proxy or load balancer sends (default status 502). */
export interface HtmlErrorFault {
  fault: 'html-error';
  status?: number;
}

/** Status 200 with an empty body. */
export interface EmptyBodyFault {
  fault: 'empty-body';
}

/** A 401 whose message echoes the API key the client sent, as some servers do. */
export interface EchoKeyFault {
  fault: 'echo-key';
}

export type FaultReply =
  | ResetBeforeHeadersFault
  | ResetMidStreamFault
  | MalformedEventFault
  | SplitUtf8Fault
  | NoTerminatorFault
  | ErrorEventFault
  | RetryAfterFault
  | SlowFirstByteFault
  | StallMidStreamFault
  | OversizedFault
  | HtmlErrorFault
  | EmptyBodyFault
  | EchoKeyFault;

export type FaultName = FaultReply['fault'];

export const faultNames: readonly FaultName[] = [
  'reset-before-headers',
  'reset-mid-stream',
  'malformed-event',
  'split-utf8',
  'no-terminator',
  'error-event',
  'retry-after',
  'slow-first-byte',
  'stall-mid-stream',
  'oversized',
  'html-error',
  'empty-body',
  'echo-key',
];

/** One scripted answer of a fake provider. */
export type ScriptedReply =
  | TextReply
  | FunctionCallsReply
  | BlockedReply
  | EmptyReply
  | ErrorReply
  | RecordedReply
  | FaultReply;
