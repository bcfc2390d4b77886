import type { GenerateContentResponse } from '@colloquy/chat-core';
import type { SseEvent } from '@colloquy/provider-kit';
import type { AnthropicStreamMapper } from './anthropic-stream-mapper';

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

type Result = IteratorResult<GenerateContentResponse, undefined>;

/**
 * The chunks of one streamed reply, pulled from the SSE events through the mapper. A plain
 * iterator rather than an async generator, to keep per-event overhead low, and without
 * per-instance closures: optimised code that captured one stream's closures would be thrown
 * away once that stream is collected. Ending early (`break`) or failing closes the event
 * stream, which cancels the HTTP body.
 */
export class AnthropicChunkStream
  implements AsyncIterableIterator<GenerateContentResponse, undefined>
{
  private readonly events: AsyncIterator<SseEvent>;
  private buffered: readonly GenerateContentResponse[] = [];
  private at = 0;
  private done = false;

  constructor(
    events: AsyncIterable<SseEvent>,
    private readonly mapper: AnthropicStreamMapper,
  ) {
    this.events = events[Symbol.asyncIterator]();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  async next(): Promise<Result> {
    for (;;) {
      if (this.at < this.buffered.length) {
        return { done: false, value: this.buffered[this.at++] as GenerateContentResponse };
      }
      if (this.done) return DONE;
      try {
        const result = await this.events.next();
        if (result.done) {
          this.done = true;
          this.mapper.finish();
          return DONE;
        }
        this.buffered = this.mapper.push(result.value);
        this.at = 0;
      } catch (error) {
        await this.close();
        throw error;
      }
    }
  }

  async return(): Promise<Result> {
    await this.close();
    return DONE;
  }

  private async close(): Promise<void> {
    if (this.done) return;
    this.done = true;
    this.buffered = [];
    await this.events.return?.();
  }
}
