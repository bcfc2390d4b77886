import { ColloquyError } from '../../errors/colloquy-error';
import { SessionConflictError } from '../../errors/session-conflict-error';

/** Creating a session id that exists (at `actualVersion`, when the store knows it). */
export function createConflict(sessionId: string, actualVersion?: number): SessionConflictError {
  return new SessionConflictError({ sessionId, expectedVersion: 0, actualVersion });
}

/** A begin with the id of a turn the session already holds. */
export function alreadyCommitted(sessionId: string, turnId: string): SessionConflictError {
  return new SessionConflictError({
    sessionId,
    message: `Turn "${turnId}" is already committed in session "${sessionId}"; nothing was written. Use a new turn id for a new send.`,
  });
}

/** A checkpoint or commit from a writer whose turn is no longer the pending one. */
export function lostLease(sessionId: string, turnId: string): SessionConflictError {
  return new SessionConflictError({
    sessionId,
    message: `Turn "${turnId}" no longer holds session "${sessionId}": its lease expired and the turn was recovered, or it was released. Nothing was written; load the session again.`,
  });
}

/** A first `beginTurn` of a session never written, without the session to create. */
export function needsSession(): TypeError {
  return new TypeError('beginTurn: a new session (expectedVersion 0) needs `session`.');
}

/**
 * The store's own verdicts (a typed error, a bad argument): they pass through as they are.
 * Anything else is the backend failing, which a store reports as
 * `SessionStoreUnavailableError` with the cause.
 */
export function isStoreVerdict(error: unknown): boolean {
  return (
    ColloquyError.isInstance(error) ||
    error instanceof RangeError ||
    (error instanceof TypeError && error.message.startsWith('beginTurn:'))
  );
}
