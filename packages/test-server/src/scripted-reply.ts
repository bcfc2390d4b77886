import type { MockTurn } from '@colloquy/provider-mock';

/**
 * Exactly this answer, whatever the request: for replaying what the real API once sent (a
 * recorded body or event stream). `status` defaults to 200. HTTP only: the mock has no bytes.
 */
export interface RecordedReply {
  recorded: { status?: number; contentType: string; body: string };
}

/** The text a streamed fault carries (default: the echo reply), as `MockTurn`'s `text` and `chunks`. */
interface FaultText {
  text?: string;
  chunks?: readonly string[];
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

/**
 * A 429 whose wait is announced in one of the other header forms. (`Retry-After: <seconds>`
 * is a `MockTurn`: `{ error: { name: 'RateLimitError', retryAfterMs } }`.)
 */
export interface RetryAfterFault {
  fault: 'retry-after';
  /** Delay to announce, in ms (default 1000); below 0, an HTTP date in the past. */
  afterMs?: number;
  /** `http-date`: `Retry-After: <date>`; `ms`: `retry-after-ms: <ms>`. */
  format: 'http-date' | 'ms';
}

/**
 * After `afterEvents` framed events (default 1; wire events, the provider's opening events
 * included, so a stall can land before any of them) nothing is written for `stallMs`, then
 * the rest follows. A stall the client never survives, counted in text chunks, is a
 * `MockTurn` failing with an idle `TimeoutError`.
 */
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

/**
 * Wire faults only HTTP has, so the mock has no word for them. Everything a client can
 * also meet from the mock (errors, broken, malformed or stalled streams, latency) is a
 * `MockTurn`.
 */
export type FaultReply =
  | SplitUtf8Fault
  | NoTerminatorFault
  | RetryAfterFault
  | StallMidStreamFault
  | OversizedFault
  | HtmlErrorFault
  | EmptyBodyFault
  | EchoKeyFault;

export type FaultName = FaultReply['fault'];

export const faultNames: readonly FaultName[] = [
  'split-utf8',
  'no-terminator',
  'retry-after',
  'stall-mid-stream',
  'oversized',
  'html-error',
  'empty-body',
  'echo-key',
];

/**
 * One scripted answer of a fake provider: a `MockTurn` of `@colloquy/provider-mock` (the one
 * vocabulary for scripted replies, rendered in the provider's wire format), or one of the
 * HTTP-only extensions.
 */
export type ScriptedReply = MockTurn | RecordedReply | FaultReply;
