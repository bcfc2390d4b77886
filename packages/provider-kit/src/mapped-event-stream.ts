import type { BufferedAsyncIterator } from '@colloquy/chat-core';
import type { SseEvent } from './post-event-stream';

/** What an adapter's stream mapper offers `MappedEventStream`. */
export interface EventMapper<T extends object> {
  /** Maps one event: no chunk (`undefined` or `[]`), one chunk, or several. Throws for an error event. */
  map(event: SseEvent): T | readonly T[] | undefined;
  /** At the end of the events: throws when the reply did not finish; may give last chunks. */
  // biome-ignore lint/suspicious/noConfusingVoidType: mappers whose finish() only checks return void.
  finish(): T | readonly T[] | undefined | void;
  /** True once the provider's terminator arrived: reading stops and the body is released. */
  readonly isDone?: boolean;
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

type Result<T> = IteratorResult<T, undefined>;
type EventIterator = AsyncIterator<SseEvent> &
  Partial<Pick<BufferedAsyncIterator<SseEvent>, 'tryNext'>>;

/**
 * The response chunks of one SSE stream, mapped as they are read: every adapter's stream.
 * Hand-written rather than an async generator, whose `yield` costs promise turns per chunk.
 * Events the event stream already holds are mapped synchronously (`tryNext`), so a chunk
 * costs at most one promise. A mapping error, the mapper's terminator, or the consumer's
 * `break` closes the event stream, which cancels the HTTP body.
 */
export class MappedEventStream<T extends object>
  implements AsyncIterableIterator<T>, BufferedAsyncIterator<T>
{
  readonly #events: EventIterator;
  readonly #mapper: EventMapper<T>;
  #buffer: readonly T[] = [];
  #head = 0;
  #finished = false;
  /** The event iterator may still hold the body open. */
  #eventsOpen = true;

  constructor(events: AsyncIterable<SseEvent>, mapper: EventMapper<T>) {
    this.#events = events[Symbol.asyncIterator]();
    this.#mapper = mapper;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The next chunk from events already read, the end, or undefined when a read is needed. */
  tryNext(): Result<T> | undefined {
    if (this.#head < this.#buffer.length) {
      return { done: false, value: this.#buffer[this.#head++] as T };
    }
    const events = this.#events;
    while (!this.#finished && events.tryNext !== undefined) {
      let event: IteratorResult<SseEvent> | undefined;
      try {
        event = events.tryNext();
      } catch (error) {
        this.#onFailure(error);
      }
      if (event === undefined) return undefined;
      const result = this.#take(event);
      if (result !== undefined) return result;
    }
    return this.#finished ? DONE : undefined;
  }

  next(): Promise<Result<T>> {
    let ready: Result<T> | undefined;
    try {
      ready = this.tryNext();
    } catch (error) {
      return Promise.reject(error);
    }
    return ready !== undefined
      ? Promise.resolve(ready)
      : this.#events.next().then(this.#onEvent, this.#onFailure);
  }

  /** The consumer stopped early: close the body. */
  return(): Promise<Result<T>> {
    this.#buffer = [];
    this.#head = 0;
    this.#close();
    return Promise.resolve(DONE);
  }

  // An event that gives no chunk (a ping, a role or usage event): read on.
  readonly #onEvent = (event: IteratorResult<SseEvent>): Result<T> | Promise<Result<T>> =>
    this.#take(event) ?? this.next();

  readonly #onFailure = (error: unknown): never => {
    // The event stream failed and closed itself.
    this.#finished = true;
    this.#eventsOpen = false;
    throw error;
  };

  /** Maps one event: its first chunk (the rest are buffered), the end, or undefined for none. */
  #take(event: IteratorResult<SseEvent>): Result<T> | undefined {
    // biome-ignore lint/suspicious/noConfusingVoidType: what finish() may return.
    let mapped: T | readonly T[] | undefined | void;
    try {
      if (event.done) {
        this.#finished = true;
        this.#eventsOpen = false;
        mapped = this.#mapper.finish();
      } else {
        mapped = this.#mapper.map(event.value);
        // Nothing after the terminator matters: stop reading and release the connection.
        if (this.#mapper.isDone === true) this.#close();
      }
    } catch (error) {
      this.#close();
      throw error;
    }
    if (mapped === undefined) return this.#finished ? DONE : undefined;
    if (!Array.isArray(mapped)) return { done: false, value: mapped as T };
    if (mapped.length === 0) return this.#finished ? DONE : undefined;
    this.#buffer = mapped;
    this.#head = 1;
    return { done: false, value: mapped[0] as T };
  }

  #close(): void {
    this.#finished = true;
    if (!this.#eventsOpen) return;
    this.#eventsOpen = false;
    this.#events.return?.()?.catch(() => {});
  }
}
