import { ColloquyError } from './colloquy-error';

/** A session write lost a race: the session changed since the writer loaded it. Nothing was written. */
export class SessionConflictError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.SessionConflictError';
  readonly sessionId: string;
  /** The version the writer expected, when the conflict is about versions. */
  readonly expectedVersion: number | undefined;
  /** The version stored, when known. */
  readonly actualVersion: number | undefined;

  constructor(options: {
    sessionId: string;
    expectedVersion?: number;
    actualVersion?: number;
    message?: string;
  }) {
    const versions =
      options.expectedVersion !== undefined && options.actualVersion !== undefined
        ? ` (version ${options.expectedVersion} expected, ${options.actualVersion} stored)`
        : '';
    super({
      message:
        options.message ??
        `Session "${options.sessionId}" changed since it was loaded${versions}; nothing was written. Load it again and retry.`,
    });
    this.sessionId = options.sessionId;
    this.expectedVersion = options.expectedVersion;
    this.actualVersion = options.actualVersion;
  }
}
