import { InvalidResponseError } from '@colloquy/chat-core';
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
 * The events of one response, with its headers. Iterate it once; `break` (or `return()`, even
 * before the first event) closes the body.
 */
export interface SseStream extends AsyncIterable<SseEvent> {
  readonly headers: Headers;
  readonly requestId: string | undefined;
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

/** Preamble events held back at most: a server that sends only those is handed over then. */
const MAX_PREAMBLE_EVENTS = 64;

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

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
    const body = new EventBody(provider, response.body.getReader(), attempt, maxBytes);
    let first: SseEvent[];
    try {
      first = await body.readFirst(options.isPreamble);
    } catch (error) {
      body.close();
      throw error;
    }
    if (first.length === 0) {
      body.close();
      const excerpt = excerptOf(body.start, secrets);
      throw new InvalidResponseError({
        provider,
        ...(excerpt ? { excerpt } : {}),
        message: `${provider} ended the event stream without sending any event${excerpt ? `. Received: ${JSON.stringify(excerpt)}` : ' (empty body)'}. Check the baseUrl option; retry if it was transient.`,
      });
    }
    const events = new EventIterator(body, first);
    return {
      headers: response.headers,
      requestId: requestIdOf(response.headers),
      [Symbol.asyncIterator]: () => events,
    };
  });
}

/** Whether every event is a preamble event (an event the check throws on is the mapper's to judge). */
function onlyPreamble(events: SseEvent[], isPreamble?: (event: SseEvent) => boolean): boolean {
  if (isPreamble === undefined || events.length >= MAX_PREAMBLE_EVENTS) return false;
  return events.every((event) => {
    try {
      return isPreamble(event);
    } catch {
      return false;
    }
  });
}

/** The SSE events of one response body, read one network chunk at a time. */
class EventBody {
  /** The start of the body, quoted if it never holds an event. */
  start = '';
  private readonly parser: EventSourceParser;
  private readonly decoder = new TextDecoder();
  private parsed: SseEvent[] = [];
  private parseError: InvalidResponseError | undefined;
  private ended = false;
  closed = false;

  constructor(
    provider: string,
    private readonly reader: ReadableStreamDefaultReader<Uint8Array>,
    private readonly attempt: Attempt,
    maxBytes: number,
  ) {
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
        else this.parsed.push(event);
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

  /**
   * The events of the next network read (possibly none), or undefined once the body has
   * ended. `delivered` counts the events handed to the consumer; before the hand-over it is
   * undefined, and a failure is then a retryable ConnectionError.
   */
  async read(delivered?: number): Promise<SseEvent[] | undefined> {
    if (this.ended) return undefined;
    const attempt = this.attempt;
    // Armed only while a read is pending: time the consumer spends is not the server's silence.
    const idle =
      attempt.idleTimeoutMs === undefined
        ? undefined
        : setTimeout(() => attempt.abort('idle'), attempt.idleTimeoutMs);
    let result: ReadableStreamReadResult<Uint8Array>;
    try {
      result = await this.reader.read();
    } catch (error) {
      throw attempt.failure(error, delivered);
    } finally {
      clearTimeout(idle);
    }
    // A cancel on abort resolves the read as done; the cause says what really happened.
    if (attempt.cause !== undefined) throw attempt.failure(undefined, delivered);
    if (result.done) {
      this.ended = true;
      // Flush a split character and a last event that lacks its blank line.
      this.parser.feed(`${this.decoder.decode()}\n\n`);
    } else {
      const text = this.decoder.decode(result.value, { stream: true });
      if (this.start.length < 400) this.start += text.slice(0, 400);
      this.parser.feed(text);
    }
    if (this.parseError) throw this.parseError;
    const events = this.parsed;
    this.parsed = [];
    return events;
  }

  /** Reads until an event that is not a preamble event arrives, or the body ends. */
  async readFirst(isPreamble?: (event: SseEvent) => boolean): Promise<SseEvent[]> {
    const held: SseEvent[] = [];
    for (;;) {
      const events = await this.read();
      if (events === undefined) return held;
      held.push(...events);
      if (held.length > 0 && !onlyPreamble(held, isPreamble)) return held;
    }
  }

  /** Stops reading: the body is cancelled unless it ended, and the attempt is released. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (!this.ended) {
      this.reader.cancel().catch(() => {});
      // Also abort the fetch, so the connection is torn down even if cancel is not propagated.
      if (this.attempt.cause === undefined) this.attempt.controller.abort();
    }
    this.attempt.onAbort = undefined;
    this.attempt.dispose();
  }
}

/**
 * The iterator of an `SseStream`: the held events, then the rest of the body's. Hand-written,
 * like `mapEventStream`'s: as async generators the two cost 13-22% more CPU on the streaming
 * benchmark (bench/src/profile/in-memory.mjs), over the 15% the team allows for simplicity;
 * and `return()` closes the body even before the first `next()`, which a generator skips.
 */
class EventIterator implements AsyncIterator<SseEvent, undefined> {
  private at = 0;
  /** Events handed to the consumer; reported by StreamInterruptedError. */
  private delivered = 0;
  private reading: Promise<IteratorResult<SseEvent, undefined>> | undefined;

  constructor(
    private readonly body: EventBody,
    private events: SseEvent[],
  ) {}

  next(): Promise<IteratorResult<SseEvent, undefined>> {
    // Calls made before the previous one settled wait their turn (for-await never does this).
    if (this.reading) {
      const next = () => this.next();
      return this.reading.then(next, next);
    }
    if (this.at < this.events.length) {
      this.delivered++;
      return Promise.resolve({ done: false, value: this.events[this.at++] as SseEvent });
    }
    const reading = this.read();
    this.reading = reading;
    const clear = () => {
      this.reading = undefined;
    };
    reading.then(clear, clear);
    return reading;
  }

  private async read(): Promise<IteratorResult<SseEvent, undefined>> {
    try {
      for (;;) {
        const events = this.body.closed ? undefined : await this.body.read(this.delivered);
        if (events === undefined) {
          this.body.close();
          return DONE;
        }
        if (events.length > 0) {
          this.events = events;
          this.at = 1;
          this.delivered++;
          return { done: false, value: events[0] as SseEvent };
        }
      }
    } catch (error) {
      this.body.close();
      throw error;
    }
  }

  /** The consumer stopped (`break`, `return()`, a throw in its loop): close the body. */
  return(): Promise<IteratorResult<SseEvent, undefined>> {
    this.events = [];
    this.body.close();
    return Promise.resolve(DONE);
  }
}
