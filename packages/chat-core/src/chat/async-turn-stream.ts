import { GenerateContentResponse } from '../types/generate-content-response';
import type { AsyncModels, BufferedAsyncIterator } from '../types/models';
import type { Part } from '../types/part';
import type { PendingTurn, PlannedCall } from './pending-turn';
import { StreamAccumulator } from './stream-accumulator';

const DONE: IteratorReturnResult<void> = { done: true, value: undefined };

/** A transport iterator, which may offer `tryNext` (third-party ones often do not). */
type TransportIterator = AsyncIterator<GenerateContentResponse> &
  Partial<Pick<BufferedAsyncIterator<GenerateContentResponse, unknown>, 'tryNext'>>;

/**
 * The async iterator `AsyncChat.sendMessageStream` returns. Written by hand rather than as
 * an async generator: a generator adds several promise hops per chunk, which showed up as
 * a third of the chat's overhead on a 20,000-chunk stream. One `then` per chunk here, and
 * none for a chunk the transport already holds (`tryNext`, see `BufferedAsyncIterator`).
 *
 * It records the turn when the stream ends (rule 5), runs function-calling rounds, and on
 * failure or `return()` (a `break`) records the partial turn as interrupted (rule 6).
 */
export class AsyncTurnStream implements AsyncGenerator<GenerateContentResponse, void, undefined> {
  private iterator: TransportIterator;
  private accumulator = new StreamAccumulator();
  private finished = false;

  constructor(
    private readonly models: AsyncModels,
    private readonly turn: PendingTurn,
    stream: AsyncIterable<GenerateContentResponse>,
    private readonly runCalls: (planned: PlannedCall[]) => Promise<Part[]>,
    private readonly release: () => void,
  ) {
    this.iterator = stream[Symbol.asyncIterator]();
  }

  next(): Promise<IteratorResult<GenerateContentResponse, void>> {
    if (this.finished) return Promise.resolve(DONE);
    const iterator = this.iterator;
    if (iterator.tryNext !== undefined) {
      let result: IteratorResult<GenerateContentResponse, unknown> | undefined;
      try {
        result = iterator.tryNext();
      } catch (error) {
        this.finish(error);
        return Promise.reject(error);
      }
      if (result !== undefined) {
        // As the `then` path would: a throw in the handler rejects, never escapes.
        try {
          return Promise.resolve(this.onResult(result));
        } catch (error) {
          return Promise.reject(error);
        }
      }
    }
    return iterator.next().then(this.onResult, this.onError);
  }

  private readonly onResult = (
    result: IteratorResult<GenerateContentResponse, unknown>,
  ):
    | IteratorResult<GenerateContentResponse, void>
    | Promise<IteratorResult<GenerateContentResponse, void>> => {
    if (result.done) return this.endOfRound();
    try {
      const chunk = GenerateContentResponse.from(result.value);
      this.accumulator.add(chunk);
      return { done: false, value: chunk };
    } catch (error) {
      // A chunk we cannot take ends the turn like a transport failure, and the transport
      // stream, still open, is closed.
      this.finish(error);
      Promise.resolve(this.iterator.return?.()).catch(() => {});
      throw error;
    }
  };

  private readonly onError = (error: unknown): never => {
    this.finish(error);
    throw error;
  };

  private async endOfRound(): Promise<IteratorResult<GenerateContentResponse, void>> {
    try {
      const accumulator = this.accumulator;
      const planned = accumulator.isValid() ? this.turn.plan(accumulator.toResponse()) : undefined;
      if (!planned) {
        this.turn.completeStream(accumulator);
        this.finish();
        return DONE;
      }
      this.turn.addRound(accumulator.content(), await this.runCalls(planned));
      this.accumulator = new StreamAccumulator();
      const stream = await this.models.generateContentStream(this.turn.request());
      this.iterator = stream[Symbol.asyncIterator]();
    } catch (error) {
      this.onError(error);
    }
    return this.next();
  }

  /** Ends the turn: records it as interrupted unless it was recorded, and frees the chat. */
  private finish(error?: unknown): void {
    if (this.finished) return;
    this.finished = true;
    this.turn.interrupt(error, this.accumulator);
    this.release();
  }

  /** Abandons the stream (`break`): records the partial turn and closes the transport stream. */
  async return(): Promise<IteratorResult<GenerateContentResponse, void>> {
    if (!this.finished) {
      this.finish();
      await this.iterator.return?.();
    }
    return DONE;
  }

  async throw(error: unknown): Promise<IteratorResult<GenerateContentResponse, void>> {
    await this.return();
    throw error;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }
}
