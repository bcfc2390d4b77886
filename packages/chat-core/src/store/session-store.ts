import type { Content } from '../types/content';
import type { GenerateContentConfig } from '../types/generate-content-config';
import type { SessionHead } from './session-head';
import type { StoredSession } from './stored-session';
import type { StoredTurn, TurnInput } from './stored-turn';

/** A new session: what `create` takes, and what the first `beginTurn` of a session carries. */
export interface NewSession {
  /** Default: a random UUID. */
  sessionId?: string;
  ownerId?: string;
  model: string;
  config?: GenerateContentConfig;
  metadata?: Record<string, unknown>;
  /** Turns the session starts with (e.g. `create({ history })`), numbered from 1. */
  turns?: TurnInput[];
}

export interface BeginTurnParameters {
  sessionId: string;
  /**
   * The version the writer loaded; 0 for a session not written yet, which the call then
   * creates from `session`. Anything else stored means `SessionConflictError`.
   */
  expectedVersion: number;
  turnId: string;
  /** The user input that starts the turn; recovered as is if the writer dies before a checkpoint. */
  contents: Content[];
  /** Required when `expectedVersion` is 0: the session to create. */
  session?: Omit<NewSession, 'sessionId'>;
}

export interface BeganTurn {
  /**
   * The session's version after the begin: the `expectedVersion` of the next write. (A begin
   * that creates the session counts two writes: the creation, then the begin.)
   */
  version: number;
  /** The `seq` the turn will have. */
  seq: number;
  leaseExpiresAt: number;
}

export interface CheckpointParameters {
  sessionId: string;
  turnId: string;
  /** The whole turn so far: the input, any function-call rounds, the partial output. */
  contents: Content[];
}

export interface CommitTurnParameters {
  sessionId: string;
  /** The final record; `turnId` must be the pending turn's. */
  turn: TurnInput;
}

export interface ListSessionsParameters {
  ownerId: string;
  /** From the previous page's result. */
  cursor?: string;
  /** Default 50. */
  limit?: number;
}

export interface SessionList {
  /** In session-id order. */
  sessions: SessionHead[];
  /** Present when there may be more: pass it to get the next page. */
  cursor?: string;
}

export interface ForkParameters {
  /** How many of the source's turns the fork starts with (0 to its `turnCount`). */
  atTurn: number;
  /** Default: a random UUID. */
  sessionId?: string;
  /** Default: the source's owner. */
  ownerId?: string;
}

export interface RecoveredSessions {
  /** Pending turns whose lease had expired, now recorded as `interrupted`. */
  interrupted: number;
  /** Sessions past their `expiresAt`, now deleted. */
  expired: number;
}

/**
 * Where chat sessions persist. Every write is atomic and a compare-and-set on the session's
 * version (or, for the writer of the pending turn, on its `turnId`), so two writers never
 * interleave and a retried write is a no-op, never a duplicate.
 *
 * A send uses it as: `beginTurn` (before calling the model) → `checkpoint` every
 * `checkpointMs` while output streams → `commitTurn` with the final record, or
 * `releaseTurn` if the send failed before any output.
 *
 * Errors: `SessionConflictError` (stale version, or the lease was lost), `SessionBusyError`
 * (another writer's turn is in flight), `SessionNotFoundError`, `SessionCorruptError` (stored
 * data that does not decode), `SessionStoreUnavailableError` (the backend cannot be reached).
 */
export interface SessionStore {
  readonly leaseMs: number;
  readonly checkpointMs: number;
  /**
   * The same store, blocking, when its backend is synchronous (the memory and SQLite
   * stores): what the blocking `Chat` writes through. Absent on network stores.
   */
  readonly sync?: SyncSessionStore;

  /** Writes a new session at version 1; `SessionConflictError` if the id is taken. */
  create(session: NewSession): Promise<SessionHead>;
  /**
   * The session, or undefined if it does not exist or has expired. An expired lease is
   * recovered first: its turn is recorded as `interrupted` with its last checkpoint.
   */
  load(sessionId: string): Promise<StoredSession | undefined>;
  list(params: ListSessionsParameters): Promise<SessionList>;
  /** A new session holding copies of the first `atTurn` turns; returns its id. */
  fork(sessionId: string, params: ForkParameters): Promise<string>;
  /** Removes the session and its turns; false if there was none. */
  delete(sessionId: string): Promise<boolean>;
  /** Removes every session of the owner and everything stored about them; returns how many. */
  eraseOwner(ownerId: string): Promise<number>;
  /** Records every expired lease's turn as `interrupted` and deletes expired sessions. */
  recoverExpired(): Promise<RecoveredSessions>;
  close(): Promise<void>;

  /**
   * Starts a turn under a lease. `SessionBusyError` while another turn's lease is live;
   * `SessionConflictError` if the version moved. Calling it again with the pending turn's
   * id renews the lease and changes nothing else.
   */
  beginTurn(params: BeginTurnParameters): Promise<BeganTurn>;
  /** Saves the pending turn's partial contents and renews its lease. */
  checkpoint(params: CheckpointParameters): Promise<{ leaseExpiresAt: number }>;
  /**
   * Records the pending turn (any final status) and ends the lease. A turn id already
   * committed with the same status is a no-op returning the stored turn. A lost lease (the
   * turn was recovered as `interrupted`, or released) is `SessionConflictError`.
   */
  commitTurn(params: CommitTurnParameters): Promise<{ version: number; turn: StoredTurn }>;
  /** Drops the pending turn without recording it (the send failed before any output). */
  releaseTurn(params: { sessionId: string; turnId: string }): Promise<{ version: number }>;
}

/** A store's blocking face: every operation of `SessionStore`, returning its result directly. */
export type SyncSessionStore = {
  readonly [K in Exclude<keyof SessionStore, 'sync'>]: SessionStore[K] extends (
    ...args: infer A
  ) => Promise<infer R>
    ? (...args: A) => R
    : SessionStore[K];
};
