import {
  AbortError,
  ColloquyError,
  ConnectionError,
  StreamInterruptedError,
  TimeoutError,
} from '@colloquy/chat-core';

export type AbortCause = 'user' | 'timeout' | 'idle';

/**
 * One HTTP attempt's cancellation state: its own AbortController, fed by the caller's signal,
 * the request timeout and the stream idle timeout. Remembering *why* it aborted is what lets a
 * failure become AbortError, TimeoutError or ConnectionError.
 */
export class Attempt {
  readonly controller = new AbortController();
  cause: AbortCause | undefined;
  /** Called once when the attempt aborts, e.g. to cancel a body reader a fake fetch ignores. */
  onAbort: (() => void) | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly onUserAbort = () => this.abort('user');

  constructor(
    readonly provider: string,
    private readonly userSignal: AbortSignal | undefined,
    readonly timeoutMs: number | undefined,
    readonly idleTimeoutMs: number | undefined,
  ) {
    userSignal?.addEventListener('abort', this.onUserAbort, { once: true });
    if (timeoutMs !== undefined) {
      this.timer = setTimeout(() => this.abort('timeout'), timeoutMs);
    }
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  abort(cause: AbortCause): void {
    if (this.cause !== undefined) return;
    this.cause = cause;
    this.clearTimer();
    this.controller.abort(cause === 'user' ? this.userSignal?.reason : undefined);
    this.onAbort?.();
  }

  /** Headers arrived: the request deadline no longer applies (streams use the idle timeout). */
  clearTimer(): void {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
  }

  /** Release the timer and the listener on the caller's signal. Safe to call twice. */
  dispose(): void {
    this.clearTimer();
    this.userSignal?.removeEventListener('abort', this.onUserAbort);
  }

  /** Rejects when the attempt aborts: raced against promises a fake fetch may never settle. */
  whenAborted(): Promise<never> {
    return new Promise((_, reject) => {
      if (this.signal.aborted) reject(this.signal.reason);
      else this.signal.addEventListener('abort', () => reject(this.signal.reason), { once: true });
    });
  }

  /**
   * The chat-core error for a failure of this attempt. `delivered` is how many stream events
   * reached the consumer, or undefined before the stream was handed over (then a broken body
   * is a retryable ConnectionError).
   */
  failure(error: unknown, delivered?: number): ColloquyError {
    const provider = this.provider;
    if (this.cause === 'user' || (this.cause === undefined && this.userSignal?.aborted)) {
      return new AbortError({ provider, cause: this.userSignal?.reason });
    }
    if (this.cause === 'timeout') {
      return new TimeoutError({ provider, phase: 'request', timeoutMs: this.timeoutMs ?? 0 });
    }
    if (this.cause === 'idle') {
      return new TimeoutError({ provider, phase: 'idle', timeoutMs: this.idleTimeoutMs ?? 0 });
    }
    if (ColloquyError.isInstance(error)) return error;
    if (delivered !== undefined) {
      return new StreamInterruptedError({ provider, chunksReceived: delivered, cause: error });
    }
    return new ConnectionError({ provider, cause: error });
  }
}
