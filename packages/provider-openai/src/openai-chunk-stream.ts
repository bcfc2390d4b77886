import type { BufferedAsyncIterator, GenerateContentResponse } from '@colloquy/chat-core';
import type { SseEvent } from '@colloquy/provider-kit';
import type { OpenAIStreamMapper } from './openai-stream-mapper';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

type Result = IteratorResult<GenerateContentResponse, undefined>;
type EventIterator = AsyncIterator<SseEvent> &
  Partial<Pick<BufferedAsyncIterator<SseEvent>, 'tryNext'>>;

/**
 * The response chunks of one SSE stream, pulled through the mapper on demand. Hand-written
 * rather than an async generator: a generator's `yield` costs extra promise turns per chunk,
 * a measurable share of the per-event cost on long streams. Events the event stream already
 * holds are mapped synchronously (`tryNext`), so a chunk costs at most one promise. Stops
 * reading at `[DONE]`, and closes the body when the consumer stops early or an event is an
 * error.
 */
export class OpenAIChunkStream
  implements
    AsyncIterableIterator<GenerateContentResponse>,
    BufferedAsyncIterator<GenerateContentResponse>
{
  // #private: the minifier shortens these names, and this adapter's bundle is near its budget.
  #buffer: readonly GenerateContentResponse[] = [];
  #head = 0;
  #finished = false;
  /** The event iterator may still hold the body open. */
  #eventsOpen = true;
  readonly #events: EventIterator;
  readonly #mapper: OpenAIStreamMapper;

  constructor(events: AsyncIterable<SseEvent>, mapper: OpenAIStreamMapper) {
    this.#events = events[Symbol.asyncIterator]();
    this.#mapper = mapper;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The next chunk from events already read, the end, or undefined when a read is needed. */
  tryNext(): Result | undefined {
    if (this.#head < this.#buffer.length) {
      return { done: false, value: this.#buffer[this.#head++] as GenerateContentResponse };
    }
    const events = this.#events;
    while (!this.#finished && events.tryNext) {
      let event: IteratorResult<SseEvent> | undefined;
      try {
        event = events.tryNext();
      } catch (error) {
        this.#onFailure(error);
      }
      if (!event) return undefined;
      const result = this.#take(event);
      if (result) return result;
    }
    return this.#finished ? DONE : undefined;
  }

  next(): Promise<Result> {
    let ready: Result | undefined;
    try {
      ready = this.tryNext();
    } catch (error) {
      return Promise.reject(error);
    }
    return ready
      ? Promise.resolve(ready)
      : this.#events.next().then(this.#onEvent, this.#onFailure);
  }

  /** The consumer stopped early: close the body. */
  return(): Promise<Result> {
    this.#buffer = [];
    this.#head = 0;
    this.#close();
    return Promise.resolve(DONE);
  }

  // An event that gives no chunk (role, usage, an empty delta): read on.
  readonly #onEvent = (event: IteratorResult<SseEvent>): Result | Promise<Result> =>
    this.#take(event) ?? this.next();

  readonly #onFailure = (error: unknown): never => {
    // The event stream failed and closed itself.
    this.#finished = true;
    this.#eventsOpen = false;
    throw error;
  };

  /** Maps one event: its first chunk (the rest are buffered), or undefined for none. */
  #take(event: IteratorResult<SseEvent>): Result | undefined {
    let chunks: readonly GenerateContentResponse[];
    try {
      if (event.done) {
        this.#finished = true;
        this.#eventsOpen = false;
        chunks = this.#mapper.finish();
      } else {
        chunks = this.#mapper.push(event.value);
        // Nothing after [DONE] matters: stop reading and release the connection.
        if (this.#mapper.isDone) this.#close();
      }
    } catch (error) {
      this.#close();
      throw error;
    }
    if (chunks.length === 0) return undefined;
    this.#buffer = chunks;
    this.#head = 1;
    return { done: false, value: chunks[0] as GenerateContentResponse };
  }

  #close(): void {
    this.#finished = true;
    if (!this.#eventsOpen) return;
    this.#eventsOpen = false;
    this.#events.return?.()?.catch(() => {});
  }
}
