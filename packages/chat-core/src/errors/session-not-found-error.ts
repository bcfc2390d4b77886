import { ColloquyError } from './colloquy-error';

/** The session does not exist in the store: never written, deleted, or expired. */
export class SessionNotFoundError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.SessionNotFoundError';
  readonly sessionId: string;

  constructor(options: { sessionId: string; message?: string }) {
    super({
      message:
        options.message ??
        `Session "${options.sessionId}" is not in the store (never written, deleted, or expired). Check the id, or start a new session.`,
    });
    this.sessionId = options.sessionId;
  }
}
