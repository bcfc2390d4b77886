import type { GenerateContentResponse } from '@colloquy/chat-core';
import type { SseEvent } from '@colloquy/provider-kit';
import type { OpenAIStreamMapper } from './openai-stream-mapper';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

/**
 * The response chunks of one SSE stream, pulled through the mapper on demand. Hand-written
 * rather than an async generator: a generator's `yield` costs extra promise turns per chunk,
 * a measurable share of the per-event cost on long streams. Stops reading at `[DONE]`, and
 * closes the body when the consumer stops early or an event is an error.
 */
export class OpenAIChunkStream implements AsyncIterableIterator<GenerateContentResponse> {
  private buffer: readonly GenerateContentResponse[] = [];
  private head = 0;
  private finished = false;
  /** The event iterator may still hold the body open. */
  private eventsOpen = true;
  private readonly events: AsyncIterator<SseEvent>;

  constructor(
    events: AsyncIterable<SseEvent>,
    private readonly mapper: OpenAIStreamMapper,
  ) {
    this.events = events[Symbol.asyncIterator]();
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<GenerateContentResponse> {
    return this;
  }

  next(): Promise<IteratorResult<GenerateContentResponse>> {
    if (this.head < this.buffer.length) {
      return Promise.resolve({
        done: false,
        value: this.buffer[this.head++] as GenerateContentResponse,
      });
    }
    if (this.finished) return Promise.resolve(DONE);
    return this.events.next().then(this.onEvent, this.onFailure);
  }

  /** The consumer stopped early: close the body. */
  return(): Promise<IteratorResult<GenerateContentResponse>> {
    this.buffer = [];
    this.head = 0;
    this.close();
    return Promise.resolve(DONE);
  }

  private readonly onEvent = (
    result: IteratorResult<SseEvent>,
  ): IteratorResult<GenerateContentResponse> | Promise<IteratorResult<GenerateContentResponse>> => {
    let chunks: readonly GenerateContentResponse[];
    try {
      if (result.done) {
        this.finished = true;
        this.eventsOpen = false;
        chunks = this.mapper.finish();
      } else {
        chunks = this.mapper.push(result.value);
        // Nothing after [DONE] matters: stop reading and release the connection.
        if (this.mapper.isDone) this.close();
      }
    } catch (error) {
      this.close();
      throw error;
    }
    if (chunks.length === 0) return this.next();
    this.buffer = chunks;
    this.head = 1;
    return { done: false, value: chunks[0] as GenerateContentResponse };
  };

  private readonly onFailure = (error: unknown): never => {
    // The event stream failed and closed itself.
    this.finished = true;
    this.eventsOpen = false;
    throw error;
  };

  private close(): void {
    this.finished = true;
    if (!this.eventsOpen) return;
    this.eventsOpen = false;
    this.events.return?.()?.catch(() => {});
  }
}
