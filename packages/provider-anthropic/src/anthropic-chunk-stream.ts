import type { BufferedAsyncIterator, GenerateContentResponse } from '@colloquy/chat-core';
import type { SseEvent } from '@colloquy/provider-kit';
import type { AnthropicStreamMapper } from './anthropic-stream-mapper';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

type Result = IteratorResult<GenerateContentResponse, undefined>;
type EventIterator = AsyncIterator<SseEvent> &
  Partial<Pick<BufferedAsyncIterator<SseEvent>, 'tryNext'>>;

/**
 * The chunks of one streamed reply, pulled from the SSE events through the mapper. A plain
 * iterator rather than an async generator, to keep per-event overhead low: events the event
 * stream already holds are mapped synchronously (`tryNext`), so a chunk costs at most one
 * promise, and only a network read goes through `await`. No per-instance closures:
 * optimised code that captured one stream's closures would be thrown away once that stream
 * is collected. Ending early (`break`) or failing closes the event stream, which cancels the
 * HTTP body.
 */
export class AnthropicChunkStream
  implements
    AsyncIterableIterator<GenerateContentResponse, undefined>,
    BufferedAsyncIterator<GenerateContentResponse>
{
  // #private: the minifier shortens these names, and this adapter's bundle is near its budget.
  readonly #events: EventIterator;
  readonly #mapper: AnthropicStreamMapper;
  #buffered: readonly GenerateContentResponse[] = [];
  #at = 0;
  #done = false;

  constructor(events: AsyncIterable<SseEvent>, mapper: AnthropicStreamMapper) {
    this.#events = events[Symbol.asyncIterator]();
    this.#mapper = mapper;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The next chunk from events already read, the end, or undefined when a read is needed. */
  tryNext(): Result | undefined {
    for (;;) {
      if (this.#at < this.#buffered.length) {
        return { done: false, value: this.#buffered[this.#at++] as GenerateContentResponse };
      }
      if (this.#done) return DONE;
      const events = this.#events;
      if (events.tryNext === undefined) return undefined;
      let event: IteratorResult<SseEvent> | undefined;
      try {
        event = events.tryNext();
      } catch (error) {
        // The event stream failed and closed itself.
        this.#done = true;
        throw error;
      }
      if (event === undefined) return undefined;
      this.#take(event);
    }
  }

  next(): Promise<Result> {
    let ready: Result | undefined;
    try {
      ready = this.tryNext();
    } catch (error) {
      return Promise.reject(error);
    }
    return ready !== undefined ? Promise.resolve(ready) : this.#read();
  }

  async return(): Promise<Result> {
    await this.#close();
    return DONE;
  }

  /** Waits for the next network read, then continues from what it brought. */
  async #read(): Promise<Result> {
    let event: IteratorResult<SseEvent>;
    try {
      event = await this.#events.next();
    } catch (error) {
      // The event stream failed and closed itself.
      this.#done = true;
      throw error;
    }
    this.#take(event);
    return this.next();
  }

  /** Maps one event into the buffer; at the end, checks that the reply finished. */
  #take(event: IteratorResult<SseEvent>): void {
    if (event.done) {
      this.#done = true;
      this.#mapper.finish();
      return;
    }
    try {
      this.#buffered = this.#mapper.push(event.value);
    } catch (error) {
      this.#close()?.catch(() => {});
      throw error;
    }
    this.#at = 0;
  }

  #close(): Promise<unknown> | undefined {
    if (this.#done) return undefined;
    this.#done = true;
    this.#buffered = [];
    return this.#events.return?.();
  }
}
