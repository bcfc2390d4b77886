import {
  ApiError,
  AuthenticationError,
  ConnectionError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  StreamInterruptedError,
  TimeoutError,
} from '@colloquy/chat-core';
import { emulations, type ScriptedReply } from '@colloquy/test-server';
import type { AdapterUnderTest } from '../harness/adapters';
import type { Delivery } from '../harness/chat-driver';
import { MATRIX_SETTINGS } from './matrix-settings';

/** The scripted text of streaming faults, in four content events. */
const FAULT_TEXT = 'alpha beta gamma delta';
const FAULT_CHUNKS = ['alpha ', 'beta ', 'gamma ', 'delta'];
/** What a stream cut after two content events has delivered. */
const PARTIAL_TEXT = 'alpha beta ';
const UTF8_TEXT = 'Grüße aus Köln 🌍';

export interface CaseContext {
  adapter: AdapterUnderTest;
  delivery: Delivery;
}

/** A class from chat-core's error hierarchy, as far as the matrix needs it. */
export interface ErrorClass {
  name: string;
  isInstance(error: unknown): boolean;
}

export type Expected =
  | {
      outcome: 'ok';
      /** Requests beyond the first. */
      retries: number;
      text?: string;
    }
  | {
      outcome: 'error';
      error: ErrorClass;
      /** Requests the fake saw: 1 means no retry. */
      requests: number;
      /**
       * `unchanged`: failed before output, nothing recorded (rule 6). `interrupted`: failed
       * mid-stream, the partial turn is in the comprehensive history only.
       */
      history: 'unchanged' | 'interrupted';
      /** The text of the interrupted turn's model content. */
      partialText?: string;
      /** Extra checks on the error's fields. */
      check?(error: unknown): string | undefined;
    };

export interface FaultCase {
  id: string;
  /** The row label in the fault-matrix table of docs/reliability.md. */
  title: string;
  replies(context: CaseContext): ScriptedReply[];
  expect(context: CaseContext): Expected;
}

/** Wire events before the first text: a stall fault counts events, not text chunks. */
const preambleOf = ({ adapter }: CaseContext) => emulations[adapter.name].preambleEvents;
const times = <T>(n: number, value: T): T[] => Array.from({ length: n }, () => value);
/** Enough identical faults to exhaust the retries. */
const exhaust = (reply: ScriptedReply) => times(MATRIX_SETTINGS.maxRetries + 1, reply);
const attempts = MATRIX_SETTINGS.maxRetries + 1;

const isStream = ({ delivery }: CaseContext) => delivery === 'stream';

function interruptedBy(error: ErrorClass, partialText = PARTIAL_TEXT): Expected {
  return { outcome: 'error', error, requests: 1, history: 'interrupted', partialText };
}

function refused(error: ErrorClass, requests = 1, check?: (e: unknown) => string | undefined) {
  const expected: Expected = { outcome: 'error', error, requests, history: 'unchanged' };
  if (check) expected.check = check;
  return expected;
}

const okAfter = (retries: number, text?: string): Expected =>
  text === undefined ? { outcome: 'ok', retries } : { outcome: 'ok', retries, text };

function timeoutPhase(phase: string) {
  return (error: unknown) =>
    TimeoutError.isInstance(error) && error.phase !== phase
      ? `phase ${error.phase}, expected ${phase}`
      : undefined;
}

function retryAfterWithin(min: number, max: number) {
  return (error: unknown) => {
    if (!RateLimitError.isInstance(error)) return undefined;
    const wait = error.retryAfterMs;
    return wait !== undefined && wait >= min && wait <= max
      ? undefined
      : `retryAfterMs ${String(wait)}, expected ${min}..${max}`;
  };
}

export const faultCases: readonly FaultCase[] = [
  {
    id: 'reset-before-headers',
    title: 'connection reset before headers, once',
    replies: () => [{ error: { name: 'ConnectionError' } }],
    expect: () => okAfter(1),
  },
  {
    id: 'reset-before-headers-exhausted',
    title: 'connection reset before headers, every attempt',
    replies: () => exhaust({ error: { name: 'ConnectionError' } }),
    expect: () => refused(ConnectionError, attempts),
  },
  {
    id: 'reset-mid-stream',
    title: 'connection reset mid-stream (unary: mid-body)',
    replies: () => [{ text: FAULT_TEXT, chunks: FAULT_CHUNKS, failAfterChunks: 2 }],
    // A unary body cut before it was read whole is a connection failure, retried.
    expect: (c) => (isStream(c) ? interruptedBy(StreamInterruptedError) : okAfter(1)),
  },
  {
    id: 'malformed-event',
    title: 'malformed JSON event (unary: truncated body)',
    replies: () => [
      {
        text: FAULT_TEXT,
        chunks: FAULT_CHUNKS,
        failAfterChunks: 2,
        error: { name: 'InvalidResponseError' },
      },
    ],
    expect: (c) =>
      isStream(c) ? interruptedBy(InvalidResponseError) : refused(InvalidResponseError),
  },
  {
    id: 'split-utf8',
    title: 'multibyte UTF-8 character split across network writes',
    replies: () => [{ fault: 'split-utf8', text: UTF8_TEXT, delayMs: 20 }],
    expect: () => okAfter(0, UTF8_TEXT),
  },
  {
    id: 'no-terminator',
    title: 'stream ends without its terminator (unary: no finish reason)',
    replies: () => [{ fault: 'no-terminator', text: FAULT_TEXT, chunks: FAULT_CHUNKS }],
    expect: (c) =>
      isStream(c) ? interruptedBy(StreamInterruptedError, FAULT_TEXT) : okAfter(0, FAULT_TEXT),
  },
  {
    id: 'error-event',
    title: 'in-stream error event (Anthropic `event: error`; unary: HTTP 500/529)',
    replies: () => [
      {
        text: FAULT_TEXT,
        chunks: FAULT_CHUNKS,
        failAfterChunks: 2,
        error: { name: 'ServerError' },
      },
    ],
    // Gemini INTERNAL 500, OpenAI server_error, Anthropic overloaded_error (529).
    expect: (c) => (isStream(c) ? interruptedBy(ServerError) : okAfter(1)),
  },
  {
    id: 'retry-after-seconds-0',
    title: '429 with `Retry-After: 0` (seconds)',
    replies: () => [{ error: { name: 'RateLimitError', retryAfterMs: 0 } }],
    expect: () => okAfter(1),
  },
  {
    id: 'retry-after-seconds-long',
    title: '429 with `Retry-After: 120` (above maxRetryDelay)',
    replies: () => [{ error: { name: 'RateLimitError', retryAfterMs: 120_000 } }],
    expect: () => refused(RateLimitError, 1, retryAfterWithin(120_000, 120_000)),
  },
  {
    id: 'retry-after-date-past',
    title: '429 with `Retry-After: <HTTP date in the past>`',
    replies: () => [{ fault: 'retry-after', afterMs: -60_000, format: 'http-date' }],
    expect: () => okAfter(1),
  },
  {
    id: 'retry-after-date-future',
    title: '429 with `Retry-After: <HTTP date in 60 s>` (above maxRetryDelay)',
    replies: () => [{ fault: 'retry-after', afterMs: 60_000, format: 'http-date' }],
    expect: () => refused(RateLimitError, 1, retryAfterWithin(55_000, 61_000)),
  },
  {
    id: '429-exhausted',
    title: '429 without a hint, every attempt',
    replies: () => exhaust({ error: { name: 'RateLimitError' } }),
    expect: () => refused(RateLimitError, attempts),
  },
  {
    id: '500-then-ok',
    title: '500, then success',
    replies: () => [{ error: { name: 'ServerError' } }],
    expect: () => okAfter(1),
  },
  {
    id: '503-then-ok',
    title: '503, then success',
    replies: () => [{ error: { name: 'ServerError', status: 503 } }],
    expect: () => okAfter(1),
  },
  {
    id: '500-exhausted',
    title: '500, every attempt',
    replies: () => exhaust({ error: { name: 'ServerError' } }),
    expect: () => refused(ServerError, attempts),
  },
  {
    id: '400',
    title: '400 (no retry)',
    replies: () => [{ error: { name: 'ApiError' } }],
    expect: () => refused(ApiError),
  },
  {
    id: '401',
    title: '401 (no retry)',
    replies: () => [{ error: { name: 'AuthenticationError' } }],
    expect: () => refused(AuthenticationError),
  },
  {
    id: '403',
    title: '403 (no retry)',
    replies: () => [{ error: { name: 'PermissionDeniedError' } }],
    expect: () => refused(PermissionDeniedError),
  },
  {
    id: '404',
    title: '404 (no retry)',
    replies: () => [{ error: { name: 'NotFoundError' } }],
    expect: () => refused(NotFoundError),
  },
  {
    id: 'slow-first-byte',
    title: 'first byte later than the request timeout, once',
    replies: () => [{ text: 'Too late.', delayMs: MATRIX_SETTINGS.timeout * 2 }],
    expect: () => okAfter(1),
  },
  {
    id: 'slow-first-byte-exhausted',
    title: 'first byte later than the request timeout, every attempt',
    replies: () => exhaust({ text: 'Too late.', delayMs: MATRIX_SETTINGS.timeout * 2 }),
    expect: () => refused(TimeoutError, attempts, timeoutPhase('request')),
  },
  {
    id: 'stall-before-first-event',
    title: 'stall before the first event, longer than the idle timeout',
    replies: () => [
      {
        fault: 'stall-mid-stream',
        text: FAULT_TEXT,
        chunks: FAULT_CHUNKS,
        afterEvents: 0,
        stallMs: MATRIX_SETTINGS.idleTimeout * 2,
      },
    ],
    // Streams: silence before the first event is retried. Unary: the request timeout covers
    // the body, retried too.
    expect: () => okAfter(1),
  },
  {
    id: 'stall-after-preamble',
    title: 'stall after the preamble events, before any text (Gemini has none)',
    replies: (c) => [
      {
        fault: 'stall-mid-stream',
        text: FAULT_TEXT,
        chunks: FAULT_CHUNKS,
        afterEvents: preambleOf(c),
        stallMs: MATRIX_SETTINGS.idleTimeout * 2,
      },
    ],
    // Nothing reached the caller: OpenAI's role chunk and Anthropic's message_start are
    // preamble events (the adapters' isPreamble), so the silence is retried like one before
    // the first event.
    expect: () => okAfter(1),
  },
  {
    id: 'reset-after-preamble',
    title: 'connection reset after the preamble events, before any text (Gemini has none)',
    replies: () => [{ text: FAULT_TEXT, chunks: FAULT_CHUNKS, failAfterChunks: 0 }],
    // Retried: the caller has received nothing (see stall-after-preamble).
    expect: () => okAfter(1),
  },
  {
    id: 'stall-mid-stream',
    title: 'stall mid-stream longer than the idle timeout (unary: mid-body)',
    replies: (c) => [
      {
        fault: 'stall-mid-stream',
        text: FAULT_TEXT,
        chunks: FAULT_CHUNKS,
        afterEvents: preambleOf(c) + 2,
        stallMs: MATRIX_SETTINGS.idleTimeout * 2,
      },
    ],
    expect: (c) =>
      isStream(c) ? { ...interruptedBy(TimeoutError), check: timeoutPhase('idle') } : okAfter(1),
  },
  {
    id: 'oversized',
    title: 'body (stream: one event) beyond maxResponseBytes',
    replies: () => [{ fault: 'oversized', bytes: MATRIX_SETTINGS.maxResponseBytes + 1024 }],
    expect: () => refused(InvalidResponseError),
  },
  {
    id: 'html-502-then-ok',
    title: 'HTML error page (502), then success',
    replies: () => [{ fault: 'html-error', status: 502 }],
    expect: () => okAfter(1),
  },
  {
    id: 'html-502-exhausted',
    title: 'HTML error page (502), every attempt',
    replies: () => exhaust({ fault: 'html-error', status: 502 }),
    expect: () =>
      refused(ServerError, attempts, (error) =>
        ServerError.isInstance(error) && !/non-JSON page/.test(error.message)
          ? 'the message does not say a non-JSON page came back'
          : undefined,
      ),
  },
  {
    id: 'html-200',
    title: 'HTML page with status 200 instead of JSON',
    replies: () => [{ fault: 'html-error', status: 200 }],
    expect: () => refused(InvalidResponseError),
  },
  {
    id: 'empty-body',
    title: 'empty 200 body',
    replies: () => [{ fault: 'empty-body' }],
    expect: () => refused(InvalidResponseError),
  },
  {
    id: 'echo-key',
    title: '401 whose body echoes the API key',
    replies: () => [{ fault: 'echo-key' }],
    expect: () => refused(AuthenticationError),
  },
];
