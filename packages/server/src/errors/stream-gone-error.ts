import { ColloquyError } from '@colloquy/chat-core';

/**
 * The stream log does not hold the events a read asked for: the turn never ran, finished
 * more than the log's `retainMs` ago, or its early events were trimmed by `maxEvents`. The
 * turn itself is in the session store.
 */
export class StreamGoneError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.StreamGoneError';
  readonly sessionId: string;
  readonly turn: number;
  /** The last event the reader had; the log no longer holds the one after it. */
  readonly after: number;

  constructor(options: { sessionId: string; turn: number; after: number; message?: string }) {
    const from = options.after > 0 ? ` from event ${options.after + 1}` : '';
    super({
      message:
        options.message ??
        `The stream log no longer holds turn ${options.turn} of session "${options.sessionId}"${from}: it finished longer ago than the log keeps turns, was trimmed by the log's event cap, or never ran. Load the session to read the stored turn.`,
    });
    this.sessionId = options.sessionId;
    this.turn = options.turn;
    this.after = options.after;
  }
}
