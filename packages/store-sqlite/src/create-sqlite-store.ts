import { randomUUID } from 'node:crypto';
import {
  ColloquyError,
  type NewSession,
  SessionConflictError,
  type SessionHead,
  SessionNotFoundError,
  type SessionStore,
  SessionStoreUnavailableError,
  type StoredTurn,
  type SyncSessionStore,
  type TurnInput,
} from '@colloquy/chat-core';
import {
  createConflict,
  createSessionRules,
  decodeSessionRow,
  decodeTurnRow,
  encodeHead,
  encodeSessionWrite,
  encodeTurn,
  isStoreVerdict,
  listPage,
  type SessionRow,
  type SessionState,
  type TurnRow,
  withAsyncFace,
} from '@colloquy/chat-core/store-kit';
import Database from 'better-sqlite3';
import { migrate } from './sqlite-migrations';
import type { SqliteStoreOptions } from './sqlite-store-options';

/**
 * A session store in one SQLite file (WAL mode), migrated on open. Writes are transactions
 * taken with `BEGIN IMMEDIATE`, so several processes may share the file. better-sqlite3 is
 * synchronous; the store keeps the async contract so code can move to a server store as is,
 * and offers the same calls blocking as `store.sync` (what `new Chats(models, { store })` uses).
 * The session logic is chat-core's store kit; this file is the SQL.
 */
export function createSqliteStore(options: SqliteStoreOptions): SessionStore {
  const rules = createSessionRules(options);
  const { leaseMs, checkpointMs, now } = rules;
  let db: Database.Database;
  try {
    db = new Database(options.path, { timeout: options.busyTimeoutMs ?? 5_000 });
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    migrate(db);
  } catch (error) {
    throw unavailable(error);
  }

  const sql = {
    session: db.prepare<[string], SessionRow>('SELECT * FROM colloquy_sessions WHERE id = ?'),
    insert: db.prepare(
      `INSERT INTO colloquy_sessions (id, owner_id, version, turn_count, created_at, updated_at, expires_at, head)
       VALUES (@id, @ownerId, @version, @turnCount, @createdAt, @updatedAt, @expiresAt, @head)`,
    ),
    update: db.prepare(
      `UPDATE colloquy_sessions SET version = @version, turn_count = @turnCount, updated_at = @updatedAt,
         expires_at = @expiresAt, pending_turn_id = @pendingTurnId, pending_seq = @pendingSeq,
         pending_contents = @pendingContents, lease_expires_at = @leaseExpiresAt
       WHERE id = @id AND version = @previous`,
    ),
    remove: db.prepare<[string]>('DELETE FROM colloquy_sessions WHERE id = ?'),
    removeTurns: db.prepare<[string]>('DELETE FROM colloquy_turns WHERE session_id = ?'),
    insertTurn: db.prepare<[string, number, string, string]>(
      'INSERT INTO colloquy_turns (session_id, seq, turn_id, record) VALUES (?, ?, ?, ?)',
    ),
    turns: db.prepare<[string], TurnRow>(
      'SELECT seq, turn_id, record FROM colloquy_turns WHERE session_id = ? ORDER BY seq',
    ),
    turnById: db.prepare<[string, string], TurnRow>(
      'SELECT seq, turn_id, record FROM colloquy_turns WHERE session_id = ? AND turn_id = ?',
    ),
    byOwner: db.prepare<[string, string, number, number], SessionRow>(
      `SELECT * FROM colloquy_sessions WHERE owner_id = ? AND id > ?
         AND (expires_at IS NULL OR expires_at > ?) ORDER BY id LIMIT ?`,
    ),
    idsOfOwner: db.prepare<[string], { id: string }>(
      'SELECT id FROM colloquy_sessions WHERE owner_id = ?',
    ),
    expiredLeases: db.prepare<[number], { id: string }>(
      'SELECT id FROM colloquy_sessions WHERE lease_expires_at <= ?',
    ),
    expiredSessions: db.prepare<[number], { id: string }>(
      'SELECT id FROM colloquy_sessions WHERE expires_at <= ?',
    ),
  };

  /** Runs `fn` in one write transaction, mapping SQLite failures to typed errors. */
  function tx<T>(fn: () => T): T {
    try {
      return db.transaction(fn).immediate();
    } catch (error) {
      throw unavailable(error);
    }
  }

  /** Writes the session's mutable state, bumping its version when `change`. */
  function save(session: SessionState, change = true): void {
    const previous = rules.touch(session.head, change);
    const result = sql.update.run({ ...encodeSessionWrite(session), previous });
    // Inside the transaction nobody else can write, so this is a guard, not a code path.
    if (result.changes !== 1) throw new SessionConflictError({ sessionId: session.head.id });
  }

  function putTurn(sessionId: string, seq: number, turn: TurnInput): void {
    sql.insertTurn.run(sessionId, seq, turn.turnId, encodeTurn(turn));
  }

  function remove(sessionId: string): boolean {
    sql.removeTurns.run(sessionId);
    return sql.remove.run(sessionId).changes > 0;
  }

  function turnsOf(sessionId: string): StoredTurn[] {
    return sql.turns.all(sessionId).map((row) => decodeTurnRow(sessionId, row));
  }

  /** The live session, an expired lease recovered first; undefined if none or expired. */
  function live(sessionId: string): SessionState | undefined {
    const row = sql.session.get(sessionId);
    if (!row) return undefined;
    if (rules.expired(row.expires_at)) {
      remove(sessionId);
      return undefined;
    }
    const session = decodeSessionRow(row);
    const interrupted = rules.recoverLease(session);
    if (interrupted) {
      putTurn(sessionId, interrupted.seq, interrupted);
      save(session);
    }
    return session;
  }

  function mustLive(sessionId: string): SessionState {
    const session = live(sessionId);
    if (!session) throw new SessionNotFoundError({ sessionId });
    return session;
  }

  function insert(input: NewSession, forkedFrom?: SessionHead['forkedFrom']): SessionHead {
    const id = input.sessionId ?? randomUUID();
    const existing = live(id);
    if (existing) throw createConflict(id, existing.head.version);
    const head = rules.newHead(id, input, forkedFrom);
    sql.insert.run({
      id,
      ownerId: head.ownerId ?? null,
      version: head.version,
      turnCount: head.turnCount,
      createdAt: head.createdAt,
      updatedAt: head.updatedAt,
      expiresAt: head.expiresAt ?? null,
      head: encodeHead(head),
    });
    for (const [i, turn] of (input.turns ?? []).entries()) putTurn(id, i + 1, turn);
    return head;
  }

  const sync: SyncSessionStore = {
    leaseMs,
    checkpointMs,

    create: (session) => tx(() => insert(session)),

    load: (sessionId) =>
      tx(() => {
        const session = live(sessionId);
        return session && { ...session, turns: turnsOf(sessionId) };
      }),

    list: ({ ownerId, cursor = '', limit = 50 }) =>
      tx(() =>
        listPage(
          sql.byOwner.all(ownerId, cursor, now(), limit + 1),
          limit,
          (row) => decodeSessionRow(row).head,
        ),
      ),

    fork: (sessionId, params) =>
      tx(() => {
        const source = mustLive(sessionId);
        const { session, forkedFrom } = rules.fork(
          { head: source.head, turns: turnsOf(sessionId) },
          params,
        );
        return insert(session, forkedFrom).id;
      }),

    delete: (sessionId) => tx(() => remove(sessionId)),

    eraseOwner: (ownerId) =>
      tx(() => {
        let count = 0;
        for (const { id } of sql.idsOfOwner.all(ownerId)) if (remove(id)) count += 1;
        return count;
      }),

    recoverExpired: () =>
      tx(() => {
        const time = now();
        let expired = 0;
        for (const { id } of sql.expiredSessions.all(time)) if (remove(id)) expired += 1;
        let interrupted = 0;
        for (const { id } of sql.expiredLeases.all(time)) {
          try {
            live(id);
            interrupted += 1;
          } catch (error) {
            // A corrupt session stays as it is; the others are still recovered.
            if (!ColloquyError.isInstance(error)) throw error;
          }
        }
        return { interrupted, expired };
      }),

    close() {
      if (db.open) db.close();
    },

    beginTurn: (params) =>
      tx(() => {
        const { sessionId, turnId, contents } = params;
        let session = live(sessionId);
        const committed = sql.turnById.get(sessionId, turnId) !== undefined;
        if (rules.checkBegin(session, params, committed) === 'create') {
          session = { head: insert({ ...(params.session as NewSession), sessionId }) };
        }
        const state = session as SessionState;
        save(state, rules.takeLease(state, turnId, contents));
        return rules.began(state);
      }),

    checkpoint: ({ sessionId, turnId, contents }) =>
      tx(() => {
        const session = mustLive(sessionId);
        const renewed = rules.checkpoint(session, turnId, contents);
        save(session, false);
        return renewed;
      }),

    commitTurn: ({ sessionId, turn }) =>
      tx(() => {
        const session = mustLive(sessionId);
        const row = sql.turnById.get(sessionId, turn.turnId);
        const decided = rules.commit(session, turn, row && decodeTurnRow(sessionId, row));
        if (decided.write) {
          putTurn(sessionId, decided.turn.seq, turn);
          save(session);
        }
        return { version: session.head.version, turn: decided.turn };
      }),

    releaseTurn: ({ sessionId, turnId }) =>
      tx(() => {
        const session = mustLive(sessionId);
        if (rules.release(session, turnId)) save(session);
        return { version: session.head.version };
      }),
  };
  return withAsyncFace(sync);
}

/** SQLite's own failures (busy, I/O, a closed database) as the contract's typed error. */
function unavailable(error: unknown): unknown {
  // better-sqlite3 throws TypeError for I/O too, so only the store's own verdicts pass.
  if (isStoreVerdict(error)) return error;
  return new SessionStoreUnavailableError({ store: 'sqlite', cause: error });
}
