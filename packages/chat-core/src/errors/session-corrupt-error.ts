import { ColloquyError } from './colloquy-error';

/** Data stored for one session does not decode. Other sessions are unaffected. */
export class SessionCorruptError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.SessionCorruptError';
  readonly sessionId: string;

  constructor(options: { sessionId: string; detail?: string; message?: string; cause?: unknown }) {
    const detail = options.detail ? ` (${options.detail})` : '';
    super({
      message:
        options.message ??
        `Session "${options.sessionId}" holds data that does not decode${detail}. Other sessions are unaffected; restore this one from a backup or delete it.`,
      cause: options.cause,
    });
    this.sessionId = options.sessionId;
  }
}
