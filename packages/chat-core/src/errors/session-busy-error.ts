import { ColloquyError } from './colloquy-error';

/** Another writer has a turn in flight in the session (it holds the lease). Nothing was written. */
export class SessionBusyError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.SessionBusyError';
  readonly sessionId: string;
  /** When the other writer's lease runs out unless it checkpoints or commits first. */
  readonly leaseExpiresAt: number;

  constructor(options: { sessionId: string; leaseExpiresAt: number; message?: string }) {
    super({
      message:
        options.message ??
        `Session "${options.sessionId}" has a turn in progress in another chat (its lease runs until ${new Date(options.leaseExpiresAt).toISOString()}). Retry once that turn ends, or create the chat with onBusy: 'wait'.`,
    });
    this.sessionId = options.sessionId;
    this.leaseExpiresAt = options.leaseExpiresAt;
  }
}
