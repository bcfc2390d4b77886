import {
  type BufferedAsyncIterator,
  type GenerateContentResponse,
  StreamInterruptedError,
} from '@colloquy/chat-core';
import { parseJsonEvent, type SseEvent } from '@colloquy/provider-kit';
import { convertFromGeminiResponse } from './convert-from-gemini-response';
import { readGeminiResponse } from './gemini-api';
import { errorFromGeminiErrorBody, isGeminiErrorBody } from './gemini-error';

/**
 * Turns the events of a `streamGenerateContent?alt=sse` stream into response chunks. Each
 * Gemini event is already a complete `GenerateContentResponse` holding the new parts, so
 * one event gives at most one chunk and the work per event is one parse, one shallow
 * validation and one conversion. `finish()` checks that the stream really ended.
 */
export class GeminiStreamMapper {
  readonly #secrets: string[] | undefined;
  #chunks = 0;
  #blocked = false;
  // Per candidate index (several with candidateCount > 1): streaming, or finished.
  readonly #open = new Set<number>();
  readonly #finished = new Set<number>();

  constructor(options: { secrets?: string[] } = {}) {
    this.#secrets = options.secrets;
  }

  /** Chunks emitted so far. */
  get chunksReceived(): number {
    return this.#chunks;
  }

  /**
   * Maps one SSE event to zero or one chunks. An in-stream `{"error":{...}}` event throws
   * the matching typed error; an unreadable event throws `InvalidResponseError`.
   */
  push(event: SseEvent): GenerateContentResponse[] {
    const chunk = this.map(event);
    return chunk === undefined ? [] : [chunk];
  }

  /** `push` without the array, for the stream's hot path: the chunk, or undefined for none. */
  map(event: SseEvent): GenerateContentResponse | undefined {
    const value = parseJsonEvent(event.data, 'gemini', this.#secrets);
    if (isGeminiErrorBody(value)) {
      throw errorFromGeminiErrorBody({ body: value, bodyText: event.data, secrets: this.#secrets });
    }
    const wire = readGeminiResponse(value);
    if (wire.candidates == null && wire.promptFeedback == null && wire.usageMetadata == null) {
      return undefined;
    }
    if (wire.candidates) {
      for (const candidate of wire.candidates) {
        const index = candidate.index ?? 0;
        if (candidate.finishReason) {
          this.#finished.add(index);
          this.#open.delete(index);
        } else if (!this.#finished.has(index)) {
          this.#open.add(index);
        }
      }
    }
    // A blocked prompt ends the stream with promptFeedback and no candidate, hence no reason.
    if (wire.promptFeedback?.blockReason) this.#blocked = true;
    this.#chunks++;
    return convertFromGeminiResponse(wire);
  }

  /**
   * Call when the event stream ends. Gemini ends every complete reply with a finishReason
   * (or a prompt block); without one the connection was cut and the turn is partial.
   */
  finish(): void {
    if ((this.#blocked || this.#finished.size > 0) && this.#open.size === 0) return;
    throw new StreamInterruptedError({
      provider: 'gemini',
      chunksReceived: this.#chunks,
      cause: new Error(
        this.#chunks === 0
          ? 'the stream ended before any response event'
          : 'the stream ended before a finishReason arrived',
      ),
    });
  }
}

const DONE: IteratorReturnResult<undefined> = { done: true, value: undefined };

type Result = IteratorResult<GenerateContentResponse, undefined>;
type EventIterator = AsyncIterator<SseEvent> &
  Partial<Pick<BufferedAsyncIterator<SseEvent>, 'tryNext'>>;

/**
 * The chunks of a Gemini event stream, mapped as they are read. A plain iterator rather than
 * an async generator, and `then` rather than `await`: each costs promise turns per event.
 * Events the event stream already holds are mapped synchronously (`tryNext`), so a chunk
 * costs at most one promise. A mapping error (an error event, an unreadable event) closes the
 * event stream; `break` by the consumer does too.
 */
class GeminiChunkStream
  implements
    AsyncIterableIterator<GenerateContentResponse>,
    BufferedAsyncIterator<GenerateContentResponse>
{
  readonly #events: EventIterator;
  readonly #mapper: GeminiStreamMapper;
  #done = false;

  constructor(events: AsyncIterable<SseEvent>, mapper: GeminiStreamMapper) {
    this.#events = events[Symbol.asyncIterator]();
    this.#mapper = mapper;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** The next chunk from events already read, the end, or undefined when a read is needed. */
  tryNext(): Result | undefined {
    const events = this.#events;
    while (!this.#done) {
      if (events.tryNext === undefined) return undefined;
      let event: IteratorResult<SseEvent> | undefined;
      try {
        event = events.tryNext();
      } catch (error) {
        this.#done = true;
        throw error;
      }
      if (event === undefined) return undefined;
      const result = this.#take(event);
      if (result !== undefined) return result;
    }
    return DONE;
  }

  next(): Promise<Result> {
    let ready: Result | undefined;
    try {
      ready = this.tryNext();
    } catch (error) {
      return Promise.reject(error);
    }
    if (ready !== undefined) return Promise.resolve(ready);
    return this.#events.next().then(this.#onEvent, this.#onFailure);
  }

  readonly #onEvent = (event: IteratorResult<SseEvent>): Result | Promise<Result> =>
    // An event that carries nothing gives no chunk: read on.
    this.#take(event) ?? this.next();

  readonly #onFailure = (error: unknown): never => {
    // The event stream failed and closed itself.
    this.#done = true;
    throw error;
  };

  /** Maps one event: a chunk, the end, or undefined when the event gives no chunk. */
  #take(event: IteratorResult<SseEvent>): Result | undefined {
    if (event.done) {
      this.#done = true;
      this.#mapper.finish();
      return DONE;
    }
    let chunk: GenerateContentResponse | undefined;
    try {
      chunk = this.#mapper.map(event.value);
    } catch (error) {
      this.#close();
      throw error;
    }
    return chunk === undefined ? undefined : { done: false, value: chunk };
  }

  return(): Promise<Result> {
    this.#close();
    return Promise.resolve(DONE);
  }

  #close(): void {
    if (this.#done) return;
    this.#done = true;
    this.#events.return?.().catch(() => {});
  }
}

/**
 * Maps a Gemini SSE event stream to response chunks, checking at the end that it finished.
 * With the kit's `SseStream` (or any events offering `tryNext`), `tryNext` maps events
 * already read without a promise.
 */
export function mapGeminiEventStream(
  events: AsyncIterable<SseEvent>,
  options: { secrets?: string[] } = {},
): AsyncIterableIterator<GenerateContentResponse> & BufferedAsyncIterator<GenerateContentResponse> {
  return new GeminiChunkStream(events, new GeminiStreamMapper(options));
}
