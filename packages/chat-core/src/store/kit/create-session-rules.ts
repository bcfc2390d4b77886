import { SessionBusyError } from '../../errors/session-busy-error';
import { SessionConflictError } from '../../errors/session-conflict-error';
import { SessionNotFoundError } from '../../errors/session-not-found-error';
import type { Content } from '../../types/content';
import type { SessionHead } from '../session-head';
import type { BeganTurn, BeginTurnParameters, ForkParameters, NewSession } from '../session-store';
import type { SessionStoreOptions } from '../session-store-options';
import type { StoredTurn, TurnInput } from '../stored-turn';
import type { SessionState } from './session-state';
import { alreadyCommitted, lostLease, needsSession } from './store-errors';

export type SessionRules = ReturnType<typeof createSessionRules>;

/**
 * The session logic every store shares, as decisions on a `SessionState` the store read
 * (and locked): what a begin, checkpoint, commit or release does, and when a lease or a
 * session has expired. The functions change the state in place and say what to write; the
 * store does the reading and writing, in one transaction or atomic step. Redis runs the same
 * rules in Lua (`redis-scripts.ts`).
 */
export function createSessionRules(options: SessionStoreOptions) {
  const { leaseMs = 30_000, checkpointMs = 1_000, ttlMs, now = Date.now } = options;

  function lease(): number {
    return now() + leaseMs;
  }

  return {
    leaseMs,
    checkpointMs,
    ttlMs,
    now,

    /** Whether a session with this `expiresAt` (a head's, or a column's) is gone. */
    expired(expiresAt: number | string | null | undefined): boolean {
      return expiresAt !== null && expiresAt !== undefined && Number(expiresAt) <= now();
    },

    /**
     * Brings the head up to date for a write: version + 1 when the write changes the session
     * (not for a lease renewal), `updatedAt`, and the sliding expiry. Returns the version it
     * had, for the store's compare-and-set.
     */
    touch(head: SessionHead, change = true): number {
      const previous = head.version;
      if (change) head.version += 1;
      head.updatedAt = now();
      if (ttlMs !== undefined) head.expiresAt = head.updatedAt + ttlMs;
      return previous;
    },

    /**
     * An expired lease: the pending turn, as the `interrupted` turn to record with its last
     * checkpoint. The state is changed to match (turn counted, nothing pending); the store
     * writes the turn, then the state (`touch` with a version change).
     */
    recoverLease(state: SessionState): StoredTurn | undefined {
      const pending = state.pending;
      if (!pending || pending.leaseExpiresAt > now()) return undefined;
      state.head.turnCount = pending.seq;
      state.pending = undefined;
      return {
        turnId: pending.turnId,
        status: 'interrupted',
        contents: pending.contents,
        reason: 'lease expired',
        seq: pending.seq,
      };
    },

    /** The head of a new session, as written: version 1. */
    newHead(id: string, input: NewSession, forkedFrom?: SessionHead['forkedFrom']): SessionHead {
      const time = now();
      return {
        id,
        ...(input.ownerId === undefined ? {} : { ownerId: input.ownerId }),
        model: input.model,
        ...(input.config === undefined ? {} : { config: input.config }),
        ...(input.metadata === undefined ? {} : { metadata: input.metadata }),
        version: 1,
        turnCount: input.turns?.length ?? 0,
        createdAt: time,
        updatedAt: time,
        ...(ttlMs === undefined ? {} : { expiresAt: time + ttlMs }),
        ...(forkedFrom ? { forkedFrom } : {}),
      };
    },

    /**
     * Checks a begin against the live session (undefined: none), in the contract's order:
     * retried begin of the pending turn → creating a session that exists → another live
     * lease → a committed turn id (`committed`) → the version. Throws the verdict; 'create'
     * means the store creates the session from `params.session` first. Then `takeLease`.
     */
    checkBegin(
      state: SessionState | undefined,
      params: BeginTurnParameters,
      committed: boolean,
    ): 'create' | 'ok' {
      const { sessionId, expectedVersion, turnId } = params;
      if (!state) {
        if (expectedVersion !== 0) throw new SessionNotFoundError({ sessionId });
        if (!params.session) throw needsSession();
        return 'create';
      }
      const { head, pending } = state;
      if (pending?.turnId === turnId) return 'ok';
      // Creating a session that exists is a conflict even while it is busy: two writers
      // that both started the same session id cannot both be right.
      if (pending && expectedVersion !== 0) {
        throw new SessionBusyError({ sessionId, leaseExpiresAt: pending.leaseExpiresAt });
      }
      if (committed) throw alreadyCommitted(sessionId, turnId);
      if (head.version !== expectedVersion) {
        throw new SessionConflictError({
          sessionId,
          expectedVersion,
          actualVersion: head.version,
        });
      }
      return 'ok';
    },

    /**
     * Gives the turn the lease (after `checkBegin`). A retried begin of the pending turn only
     * renews it. Returns whether the version goes up (for `touch`).
     */
    takeLease(state: SessionState, turnId: string, contents: Content[]): boolean {
      const renew = state.pending !== undefined;
      const leaseExpiresAt = lease();
      state.pending ??= { turnId, seq: state.head.turnCount + 1, contents, leaseExpiresAt };
      state.pending.leaseExpiresAt = leaseExpiresAt;
      return !renew;
    },

    /** What `beginTurn` returns, once the state is written. */
    began(state: SessionState): BeganTurn {
      const pending = state.pending as NonNullable<SessionState['pending']>;
      return {
        version: state.head.version,
        seq: pending.seq,
        leaseExpiresAt: pending.leaseExpiresAt,
      };
    },

    /** Saves a checkpoint in the state and renews the lease; write it with no version change. */
    checkpoint(
      state: SessionState,
      turnId: string,
      contents: Content[],
    ): { leaseExpiresAt: number } {
      const pending = state.pending;
      if (pending?.turnId !== turnId) throw lostLease(state.head.id, turnId);
      pending.contents = contents;
      pending.leaseExpiresAt = lease();
      return { leaseExpiresAt: pending.leaseExpiresAt };
    },

    /**
     * Decides a commit, given the turn already stored under its id (if any). `write: false`:
     * a retried commit, a no-op returning the stored turn. `write: true`: the state is
     * changed (turn counted, nothing pending); the store writes `turn`, then the state.
     */
    commit(
      state: SessionState,
      turn: TurnInput,
      stored: StoredTurn | undefined,
    ): { turn: StoredTurn; write: boolean } {
      // A retried commit is a no-op; a commit after recovery stored the turn as interrupted is not.
      if (stored?.status === turn.status) return { turn: stored, write: false };
      const pending = state.pending;
      if (stored || pending?.turnId !== turn.turnId) throw lostLease(state.head.id, turn.turnId);
      state.head.turnCount = pending.seq;
      state.pending = undefined;
      return { turn: { ...turn, seq: pending.seq }, write: true };
    },

    /** Drops the turn's lease if it holds one; returns whether the state is to be written. */
    release(state: SessionState, turnId: string): boolean {
      if (state.pending?.turnId !== turnId) return false;
      state.pending = undefined;
      return true;
    },

    /**
     * The session `fork` creates from a loaded one: its first `atTurn` turns, the same model,
     * config and metadata. `RangeError` for `atTurn` past the end.
     */
    fork(
      source: { head: SessionHead; turns: StoredTurn[] },
      { atTurn, sessionId, ownerId }: ForkParameters,
    ): { session: NewSession; forkedFrom: NonNullable<SessionHead['forkedFrom']> } {
      const { head } = source;
      if (!Number.isInteger(atTurn) || atTurn < 0 || atTurn > head.turnCount) {
        throw new RangeError(
          `fork: atTurn must be an integer from 0 to ${head.turnCount} (the turns in session "${head.id}"), got ${atTurn}.`,
        );
      }
      return {
        session: {
          sessionId,
          ownerId: ownerId ?? head.ownerId,
          model: head.model,
          config: head.config,
          metadata: head.metadata,
          turns: source.turns.slice(0, atTurn).map(({ seq: _, ...turn }) => turn),
        },
        forkedFrom: { sessionId: head.id, atTurn },
      };
    },
  };
}
