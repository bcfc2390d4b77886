import { AbortError, GenerateContentResponse } from '@colloquy/chat-core';
import { deserializeError } from '@colloquy/chat-core/spec';
import type { StreamBatch } from './bridge-protocol';

/** The round trips a bridged stream makes; supplied by the models that opened it. */
export interface StreamChannel {
  next(): StreamBatch;
  cancel(): void;
  /** Called once, when the stream needs nothing more from the worker. */
  finished(): void;
}

/**
 * A blocking iterator over a worker-side stream. Chunks come in batches: each pull takes
 * every chunk that has arrived, so a fast stream costs few round trips. A `break` cancels
 * the worker-side stream; `abortSignal`, which cannot cross threads, is checked between
 * batches.
 */
export class BridgedStream implements IterableIterator<GenerateContentResponse> {
  #chunks: GenerateContentResponse[];
  #index = 0;
  #done: boolean;
  #error: Record<string, unknown> | undefined;
  #finished = false;
  readonly #channel: StreamChannel;
  readonly #signal: AbortSignal | undefined;

  constructor(first: StreamBatch, channel: StreamChannel, signal: AbortSignal | undefined) {
    this.#chunks = chunksOf(first);
    this.#done = first.done;
    this.#error = first.error;
    this.#channel = channel;
    this.#signal = signal;
    if (first.done) this.#finish();
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(): IteratorResult<GenerateContentResponse, undefined> {
    for (;;) {
      const chunk = this.#chunks[this.#index];
      if (chunk !== undefined) {
        this.#index += 1;
        return { done: false, value: chunk };
      }
      if (this.#error) {
        const error = this.#error;
        this.#error = undefined;
        throw deserializeError(error);
      }
      if (this.#done) return { done: true, value: undefined };
      if (this.#signal?.aborted) {
        this.return();
        throw new AbortError({ cause: this.#signal.reason });
      }
      const batch = this.#channel.next();
      this.#chunks = chunksOf(batch);
      this.#index = 0;
      this.#done = batch.done;
      this.#error = batch.error;
      if (batch.done) this.#finish();
    }
  }

  /** The consumer stopped early (`break`, or an exception in its loop): cancel the worker side. */
  return(): IteratorResult<GenerateContentResponse, undefined> {
    const open = !this.#done;
    this.#done = true;
    this.#chunks = [];
    this.#error = undefined;
    if (open) this.#channel.cancel();
    this.#finish();
    return { done: true, value: undefined };
  }

  #finish(): void {
    if (this.#finished) return;
    this.#finished = true;
    this.#channel.finished();
  }
}

function chunksOf(batch: StreamBatch): GenerateContentResponse[] {
  return batch.chunks ? batch.chunks.map((chunk) => GenerateContentResponse.from(chunk)) : [];
}
