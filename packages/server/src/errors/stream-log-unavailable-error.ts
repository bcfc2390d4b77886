import { ColloquyError } from '@colloquy/chat-core';

/**
 * The stream log's backend could not be reached or dropped the connection. An append that
 * failed with it may be retried with the same event number: it lands at most once.
 */
export class StreamLogUnavailableError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.StreamLogUnavailableError';
  /** Which backend: `redis`, ... */
  readonly log: string;

  constructor(options: { log: string; message?: string; cause?: unknown }) {
    const reason =
      options.cause instanceof Error && options.cause.message ? ` (${options.cause.message})` : '';
    super({
      message:
        options.message ??
        `Could not reach the ${options.log} stream log${reason}. Check that the server is running and the connection options, then retry.`,
      cause: options.cause,
    });
    this.log = options.log;
  }
}
