import { type BufferedAsyncIterator, InvalidResponseError } from '@colloquy/chat-core';
import { createParser, type EventSourceParser } from 'eventsource-parser';
import type { Attempt } from './attempt';
import { excerptOf, htmlExcerptOf, looksLikeHtml } from './excerpt';
import type { HttpRequest } from './http-request';
import { readBodyText } from './read-body-text';
import { requestIdOf } from './request-id';
import { prepareRequest, sendWithRetries } from './send-with-retries';

/** One server-sent event. */
export interface SseEvent {
  event?: string;
  data: string;
  id?: string;
}

/**
 * The events of one response, with its headers. Iterate it once; `break` closes the body.
 * Its iterator's `tryNext()` returns an event already parsed from the last network read.
 */
export interface SseStream extends AsyncIterable<SseEvent> {
  readonly headers: Headers;
  readonly requestId: string | undefined;
  [Symbol.asyncIterator](): BufferedAsyncIterator<SseEvent>;
}

/** How `postEventStream` reads the stream. */
export interface EventStreamOptions {
  /**
   * Events that carry nothing for the caller yet: OpenAI's role chunk, Anthropic's
   * `message_start`. A failure after them but before any other event is retried like one
   * before the first event, since the caller has received nothing.
   */
  isPreamble?: (event: SseEvent) => boolean;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/** Preamble events held back at most: a server that sends only those is handed over then. */
const MAX_PREAMBLE_EVENTS = 64;

/**
 * POST expecting text/event-stream. The returned promise settles once the first event has
 * arrived (the first that is not a preamble event, with `isPreamble`), so everything up to it
 * (connection errors, HTTP errors, a silent start) is retried; nothing after it is. Events are
 * parsed by eventsource-parser: CRLF, UTF-8 split across chunks, comments and a final event
 * without its blank line are handled.
 */
export async function postEventStream(
  request: HttpRequest,
  options: EventStreamOptions = {},
): Promise<SseStream> {
  const prepared = prepareRequest(request, 'text/event-stream');
  const { provider, secrets } = prepared;
  const maxBytes = prepared.settings.maxResponseBytes;
  return sendWithRetries(prepared, async (response, attempt) => {
    attempt.clearTimer();
    if (looksLikeHtml(response.headers.get('content-type'), '')) {
      const { text } = await readBodyText(response, 64 * 1024, attempt);
      attempt.dispose();
      const excerpt = htmlExcerptOf(text, secrets);
      throw new InvalidResponseError({
        provider,
        excerpt,
        message: `${provider} sent a non-JSON page (HTML, HTTP ${response.status}) instead of an event stream: ${JSON.stringify(excerpt)}. Check the baseUrl option points at the provider's API.`,
      });
    }
    if (!response.body) {
      throw new InvalidResponseError({
        provider,
        message: `${provider} answered HTTP ${response.status} with an empty body instead of an event stream.`,
      });
    }
    const stream = new EventStream(
      provider,
      response,
      response.body.getReader(),
      attempt,
      maxBytes,
      secrets,
    );
    await stream.prefetch(options.isPreamble);
    return stream;
  });
}

/**
 * Reads SSE events from a body on demand. Hand-written rather than an async generator: an
 * event already parsed is returned with a single resolved promise, or with none through
 * `tryNext`, which keeps per-event cost near a raw parser loop. One idle timer runs while a
 * read is pending; it is re-armed from a timestamp instead of being reset on every chunk.
 */
class EventStream implements SseStream, BufferedAsyncIterator<SseEvent> {
  readonly headers: Headers;
  readonly requestId: string | undefined;
  private readonly parser: EventSourceParser;
  private readonly decoder = new TextDecoder();
  private queue: SseEvent[] = [];
  private head = 0;
  /** Events handed to the consumer; reported by StreamInterruptedError. */
  private delivered = 0;
  /** The body ended; events may remain in the queue. */
  private ended = false;
  /** Nothing more will be returned: ended and drained, failed, or closed by the consumer. */
  private finished = false;
  /** Set once the stream was handed to the consumer: failures are no longer retried. */
  private handedOver = false;
  private parseError: InvalidResponseError | undefined;
  private pending: Promise<IteratorResult<SseEvent, undefined>> | undefined;
  private reading = false;
  private readStartedAt = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  /** The start of the body while no event has come, to quote if none ever does. */
  private preamble = '';

  constructor(
    private readonly provider: string,
    response: Response,
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly attempt: Attempt,
    maxBytes: number,
    private readonly secrets: string[] | undefined,
  ) {
    this.headers = response.headers;
    this.requestId = requestIdOf(response.headers);
    const tooLarge = () =>
      new InvalidResponseError({
        provider,
        message: `${provider} sent a stream event larger than ${maxBytes} characters; refusing to read it. Raise the maxResponseBytes option if this is expected.`,
      });
    this.parser = createParser({
      onEvent: (event) => {
        // The parser's buffer cap sees only incomplete input; an event whole in one chunk
        // is checked here.
        if (event.data.length > maxBytes) this.parseError ??= tooLarge();
        else this.queue.push(event);
      },
      onError: (error) => {
        if (error.type === 'max-buffer-size-exceeded') this.parseError ??= tooLarge();
        // Unknown fields and bad `retry` values are ignored, as EventSource does.
      },
      maxBufferSize: maxBytes,
    });
    // An abort (caller, idle timeout) cancels the body ourselves: a fake fetch may ignore it.
    attempt.onAbort = () => {
      reader.cancel().catch(() => {});
    };
  }

  [Symbol.asyncIterator](): BufferedAsyncIterator<SseEvent> {
    return this;
  }

  /**
   * Reads until the first event, past any preamble events. Throws (and is retried) if the
   * body fails before then.
   */
  async prefetch(isPreamble?: (event: SseEvent) => boolean): Promise<void> {
    let got: boolean;
    let checked = 0;
    const onlyPreamble = (): boolean => {
      if (isPreamble === undefined || this.queue.length >= MAX_PREAMBLE_EVENTS) return false;
      for (; checked < this.queue.length; checked++) {
        let preamble = false;
        try {
          preamble = isPreamble(this.queue[checked] as SseEvent);
        } catch {
          // An event the check cannot read is the mapper's to judge.
        }
        if (!preamble) return false;
      }
      return true;
    };
    try {
      got = await this.fill();
      while (got && onlyPreamble()) got = await this.fill(true);
    } catch (error) {
      this.close();
      throw error;
    }
    // The body ended after preamble events only: hand them over, the adapter judges.
    if (!got && this.queue.length > 0) got = true;
    if (!got) {
      this.close();
      const excerpt = excerptOf(this.preamble, this.secrets);
      throw new InvalidResponseError({
        provider: this.provider,
        ...(excerpt ? { excerpt } : {}),
        message: `${this.provider} ended the event stream without sending any event${excerpt ? `. Received: ${JSON.stringify(excerpt)}` : ' (empty body)'}. Check the baseUrl option; retry if it was transient.`,
      });
    }
    this.preamble = '';
    this.handedOver = true;
  }

  /** An event parsed from a read already made, or the end; undefined when a read is needed. */
  tryNext(): IteratorResult<SseEvent, undefined> | undefined {
    if (this.pending) return undefined;
    if (this.head < this.queue.length) {
      this.delivered++;
      return { done: false, value: this.queue[this.head++] as SseEvent };
    }
    if (this.finished) return DONE;
    if (this.ended) {
      this.close();
      return DONE;
    }
    return undefined;
  }

  next(): Promise<IteratorResult<SseEvent, undefined>> {
    // Calls made before the previous one settled wait their turn (for-await never does this).
    if (this.pending) {
      const next = () => this.next();
      return this.pending.then(next, next);
    }
    const ready = this.tryNext();
    if (ready !== undefined) return Promise.resolve(ready);
    const pending = this.nextSlow();
    this.pending = pending;
    const clear = () => {
      this.pending = undefined;
    };
    pending.then(clear, clear);
    return pending;
  }

  private async nextSlow(): Promise<IteratorResult<SseEvent, undefined>> {
    let got: boolean;
    try {
      got = await this.fill();
    } catch (error) {
      this.close();
      throw error;
    }
    if (!got) {
      this.close();
      return DONE;
    }
    this.delivered++;
    return { done: false, value: this.queue[this.head++] as SseEvent };
  }

  /** The consumer stopped early (`break`, `return`, a throw in the loop): close the body. */
  return(): Promise<IteratorResult<SseEvent, undefined>> {
    this.close();
    return Promise.resolve(DONE);
  }

  /**
   * Reads network chunks until at least one more event is queued (true) or the body ends
   * (false). Starts a fresh queue unless `append` (the preamble, kept for the consumer).
   */
  private async fill(append = false): Promise<boolean> {
    if (!append) {
      this.queue = [];
      this.head = 0;
    }
    const queued = this.queue.length;
    const attempt = this.attempt;
    while (this.queue.length === queued) {
      if (this.ended || this.finished) return false;
      let result: ReadableStreamReadResult<Uint8Array>;
      this.reading = true;
      this.readStartedAt = Date.now();
      if (this.idleTimer === undefined) this.armIdle(attempt.idleTimeoutMs);
      try {
        result = await this.reader.read();
      } catch (error) {
        this.reading = false;
        throw attempt.failure(error, this.handedOver ? this.delivered : undefined);
      }
      this.reading = false;
      // A cancel on abort resolves the read as done; the cause says what really happened.
      if (attempt.cause !== undefined) {
        throw attempt.failure(undefined, this.handedOver ? this.delivered : undefined);
      }
      if (result.done) {
        this.ended = true;
        // Flush a split character and a last event that lacks its blank line.
        this.parser.feed(`${this.decoder.decode()}\n\n`);
        this.release();
      } else {
        const text = this.decoder.decode(result.value, { stream: true });
        if (!this.handedOver && this.preamble.length < 400) this.preamble += text.slice(0, 400);
        this.parser.feed(text);
      }
      if (this.parseError) throw this.parseError;
    }
    return true;
  }

  private armIdle(ms: number | undefined): void {
    if (ms === undefined) return;
    this.idleTimer = setTimeout(this.onIdleCheck, ms);
  }

  private readonly onIdleCheck = (): void => {
    this.idleTimer = undefined;
    // Time spent by the consumer between reads is not the server's silence.
    if (!this.reading || this.finished) return;
    const idle = this.attempt.idleTimeoutMs ?? 0;
    const silent = Date.now() - this.readStartedAt;
    if (silent >= idle) this.attempt.abort('idle');
    else this.armIdle(idle - silent);
  };

  /** Stop reading: the body is cancelled unless it already ended, and timers are cleared. */
  private close(): void {
    if (this.finished) return;
    this.finished = true;
    this.queue = [];
    this.head = 0;
    if (!this.ended) {
      this.reader.cancel().catch(() => {});
      // Also abort the fetch, so the connection is torn down even if cancel is not propagated.
      if (this.attempt.cause === undefined) this.attempt.controller.abort();
    }
    this.release();
  }

  private release(): void {
    if (this.idleTimer !== undefined) {
      clearTimeout(this.idleTimer);
      this.idleTimer = undefined;
    }
    this.attempt.onAbort = undefined;
    this.attempt.dispose();
  }
}
