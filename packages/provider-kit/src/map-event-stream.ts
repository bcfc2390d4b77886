import type { SseEvent } from './post-event-stream';

/** What an adapter's stream mapper offers `mapEventStream`. */
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

/**
 * The response chunks of one SSE stream, mapped as they are read: every adapter's stream.
 * A mapping error, the mapper's terminator, or the consumer's `break` (or `return()`, even
 * before the first chunk) closes the event stream, which cancels the HTTP body.
 */
export function mapEventStream<T extends object>(
  events: AsyncIterable<SseEvent>,
  mapper: EventMapper<T>,
  options: MapEventStreamOptions<T> = {},
): AsyncIterableIterator<T> {
  return new MappedEvents(events[Symbol.asyncIterator](), mapper, options.onFirstChunk);
}

export interface MapEventStreamOptions<T> {
  /** Called with the stream's first chunk before it is given out (to attach the warnings). */
  onFirstChunk?: (chunk: T) => void;
}

/** Hand-written, like the `SseStream` iterator: see the note there on why. */
class MappedEvents<T extends object> implements AsyncIterableIterator<T> {
  private chunks: readonly T[] = [];
  private at = 0;
  private finished = false;

  constructor(
    private readonly events: AsyncIterator<SseEvent>,
    private readonly mapper: EventMapper<T>,
    private onFirstChunk: ((chunk: T) => void) | undefined,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, undefined>> {
    if (this.at < this.chunks.length) {
      return Promise.resolve({ done: false, value: this.chunks[this.at++] as T });
    }
    if (this.finished) return Promise.resolve(DONE);
    return this.events.next().then(this.onEvent, this.onFailure);
  }

  /** The consumer stopped early: close the body. */
  return(): Promise<IteratorResult<T, undefined>> {
    this.chunks = [];
    this.close();
    return Promise.resolve(DONE);
  }

  private readonly onEvent = (
    event: IteratorResult<SseEvent>,
  ): IteratorResult<T, undefined> | Promise<IteratorResult<T, undefined>> => {
    // biome-ignore lint/suspicious/noConfusingVoidType: what finish() may return.
    let mapped: T | readonly T[] | undefined | void;
    try {
      if (event.done) {
        this.finished = true;
        mapped = this.mapper.finish();
      } else {
        mapped = this.mapper.map(event.value);
        // Nothing after the terminator matters: stop reading and release the connection.
        if (this.mapper.isDone === true) this.close();
      }
    } catch (error) {
      this.close();
      throw error;
    }
    this.chunks = mapped === undefined ? [] : Array.isArray(mapped) ? mapped : [mapped as T];
    if (this.chunks.length === 0) return this.next();
    if (this.onFirstChunk !== undefined) {
      this.onFirstChunk(this.chunks[0] as T);
      this.onFirstChunk = undefined;
    }
    this.at = 1;
    return { done: false, value: this.chunks[0] as T };
  };

  private readonly onFailure = (error: unknown): never => {
    // The event stream failed and closed itself.
    this.finished = true;
    throw error;
  };

  private close(): void {
    if (this.finished) return;
    this.finished = true;
    this.events.return?.()?.catch(() => {});
  }
}
