import { ColloquyError } from '@colloquy/chat-core';

/**
 * The stream log no longer holds what a resume asked for: the turn finished longer ago than
 * the log's `retainMs`, its events were trimmed by `maxEvents`, or it never ran here. The
 * turn itself is in the session store: load the session to read it.
 */
export class StreamGoneError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.StreamGoneError';
  readonly sessionId: string;
  readonly turn: number;

  constructor(options: { sessionId: string; turn: number; message?: string }) {
    super({
      message:
        options.message ??
        `The stream of turn ${options.turn} of session "${options.sessionId}" is no longer kept (it finished a while ago or was trimmed). Load the session to read the stored turn.`,
    });
    this.sessionId = options.sessionId;
    this.turn = options.turn;
  }
}
