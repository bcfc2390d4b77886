import { ColloquyError } from './colloquy-error';

/**
 * The session store's backend could not be reached or dropped the connection. The write
 * either happened whole or not at all; retrying with the same turn id is safe.
 */
export class SessionStoreUnavailableError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.SessionStoreUnavailableError';
  /** Which backend: `redis`, `postgres`, `sqlite`, ... */
  readonly store: string;

  constructor(options: { store: string; message?: string; cause?: unknown }) {
    const reason =
      options.cause instanceof Error && options.cause.message ? ` (${options.cause.message})` : '';
    super({
      message:
        options.message ??
        `Could not reach the ${options.store} session store${reason}. Check that the server is running and the connection options, then retry: each write happens whole or not at all.`,
      cause: options.cause,
    });
    this.store = options.store;
  }
}
