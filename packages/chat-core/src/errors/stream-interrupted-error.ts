import { ColloquyError } from './colloquy-error';

/**
 * A stream broke after it began: the connection dropped, or it ended without its
 * terminator. Never retried automatically (output was already delivered); the chat records
 * the partial turn as interrupted, outside the curated history. Send again to retry.
 */
export class StreamInterruptedError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.StreamInterruptedError';
  readonly provider: string | undefined;
  /** Chunks delivered before the break. */
  readonly chunksReceived: number;

  constructor(options: {
    provider?: string;
    chunksReceived?: number;
    message?: string;
    cause?: unknown;
  }) {
    const chunks = options.chunksReceived ?? 0;
    const reason =
      options.cause instanceof Error && options.cause.message ? ` (${options.cause.message})` : '';
    super({
      message:
        options.message ??
        `The ${options.provider ?? 'model'} stream broke after ${chunks} chunk(s)${reason}. The partial reply was kept out of the curated history; send the message again.`,
      cause: options.cause,
    });
    this.provider = options.provider;
    this.chunksReceived = chunks;
  }
}
