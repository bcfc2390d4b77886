import { TimeoutError } from '@colloquy/chat-core';
import { type GenerateContentResponseInit, serializeError } from '@colloquy/chat-core/spec';
import type { SerializedError, StreamBatch } from './bridge-protocol';

/**
 * The worker side of one bridged stream. It reads the provider's stream eagerly into a
 * buffer, so each blocking pull from the main thread takes every chunk that has arrived
 * meanwhile in one round trip.
 */
export class WorkerStream {
  readonly instance: string;
  readonly #controller: AbortController;
  readonly #iterator: AsyncIterator<GenerateContentResponseInit>;
  #buffer: GenerateContentResponseInit[] = [];
  #done = false;
  #cancelled = false;
  #error: SerializedError | undefined;
  #wake: (() => void) | undefined;

  constructor(
    iterable: AsyncIterable<GenerateContentResponseInit>,
    controller: AbortController,
    instance: string,
  ) {
    this.instance = instance;
    this.#controller = controller;
    this.#iterator = iterable[Symbol.asyncIterator]();
    void this.#pump();
  }

  async #pump(): Promise<void> {
    const iterator = this.#iterator;
    try {
      for (;;) {
        const step = await iterator.next();
        if (this.#cancelled || step.done) break;
        this.#buffer.push(step.value);
        this.#wake?.();
      }
    } catch (error) {
      if (!this.#cancelled) this.#error = serializeError(error);
    }
    this.#done = true;
    this.#wake?.();
  }

  /**
   * Every buffered chunk, once there is at least one or the stream has ended. Past
   * `deadline` the stream is cancelled and the batch carries a bridge TimeoutError.
   */
  async take(deadline: number, timeoutMs: number): Promise<StreamBatch> {
    if (this.#buffer.length === 0 && !this.#done) {
      const timedOut = await new Promise<boolean>((resolve) => {
        const timer = setTimeout(() => resolve(true), Math.max(0, deadline - Date.now()));
        this.#wake = () => {
          clearTimeout(timer);
          resolve(false);
        };
      });
      this.#wake = undefined;
      if (timedOut) {
        this.cancel();
        const error = new TimeoutError({ timeoutMs, phase: 'bridge' });
        return { done: true, error: serializeError(error) };
      }
      // Chunks often come in bursts (several per network read, or all at once from a local
      // provider): one turn of the event loop lets the rest of the burst join this batch.
      await new Promise(setImmediate);
    }
    const batch: StreamBatch = { done: this.#done };
    if (this.#buffer.length > 0) batch.chunks = this.#buffer;
    this.#buffer = [];
    if (this.#done && this.#error) batch.error = this.#error;
    return batch;
  }

  /** Stops the provider's stream: aborts its request and closes its iterator. */
  cancel(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.#done = true;
    this.#buffer = [];
    this.#controller.abort();
    // return() waits for a pending next(); the abort above is what ends that one.
    Promise.resolve()
      .then(() => this.#iterator.return?.())
      .catch(() => {});
    this.#wake?.();
  }
}
