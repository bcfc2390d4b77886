import { randomUUID } from 'node:crypto';
import {
  ColloquyError,
  type NewSession,
  SessionBusyError,
  SessionConflictError,
  type SessionHead,
  SessionNotFoundError,
  type SessionStore,
  SessionStoreUnavailableError,
  type StoredTurn,
  type SyncSessionStore,
  type TurnInput,
} from '@colloquy/chat-core';
import Database from 'better-sqlite3';
import { migrate } from './sqlite-migrations';
import {
  decodeSession,
  decodeTurn,
  encodeHead,
  encodeTurn,
  type Session,
  type SessionRow,
  type TurnRow,
} from './sqlite-rows';
import type { SqliteStoreOptions } from './sqlite-store-options';

/**
 * A session store in one SQLite file (WAL mode), migrated on open. Writes are transactions
 * taken with `BEGIN IMMEDIATE`, so several processes may share the file. better-sqlite3 is
 * synchronous; the store keeps the async contract so code can move to a server store as is,
 * and offers the same calls blocking as `store.sync` (what `new Chats(models, { store })` uses).
 */
export function createSqliteStore(options: SqliteStoreOptions): SessionStore {
  const { leaseMs = 30_000, checkpointMs = 1_000, ttlMs, now = Date.now } = options;
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
         expires_at = @expiresAt, pending_turn_id = @turnId, pending_seq = @seq,
         pending_contents = @contents, lease_expires_at = @leaseExpiresAt
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
  function save(session: Session, change = true): void {
    const { head, pending } = session;
    const previous = head.version;
    if (change) head.version += 1;
    head.updatedAt = now();
    if (ttlMs !== undefined) head.expiresAt = head.updatedAt + ttlMs;
    const result = sql.update.run({
      id: head.id,
      previous,
      version: head.version,
      turnCount: head.turnCount,
      updatedAt: head.updatedAt,
      expiresAt: head.expiresAt ?? null,
      turnId: pending?.turnId ?? null,
      seq: pending?.seq ?? null,
      contents: pending ? JSON.stringify(pending.contents) : null,
      leaseExpiresAt: pending?.leaseExpiresAt ?? null,
    });
    // Inside the transaction nobody else can write, so this is a guard, not a code path.
    if (result.changes !== 1) throw new SessionConflictError({ sessionId: head.id });
  }

  function putTurn(sessionId: string, seq: number, turn: TurnInput): StoredTurn {
    sql.insertTurn.run(sessionId, seq, turn.turnId, encodeTurn(turn));
    return { ...turn, seq };
  }

  function remove(sessionId: string): boolean {
    sql.removeTurns.run(sessionId);
    return sql.remove.run(sessionId).changes > 0;
  }

  /** The live session, an expired lease recovered first; undefined if none or expired. */
  function live(sessionId: string): Session | undefined {
    const row = sql.session.get(sessionId);
    if (!row) return undefined;
    if (row.expires_at !== null && row.expires_at <= now()) {
      remove(sessionId);
      return undefined;
    }
    const session = decodeSession(row);
    const pending = session.pending;
    if (pending && pending.leaseExpiresAt <= now()) {
      putTurn(sessionId, pending.seq, {
        turnId: pending.turnId,
        status: 'interrupted',
        contents: pending.contents,
        reason: 'lease expired',
      });
      session.head.turnCount = pending.seq;
      session.pending = undefined;
      save(session);
    }
    return session;
  }

  function mustLive(sessionId: string): Session {
    const session = live(sessionId);
    if (!session) throw new SessionNotFoundError({ sessionId });
    return session;
  }

  function insert(input: NewSession, forkedFrom?: SessionHead['forkedFrom']): SessionHead {
    const id = input.sessionId ?? randomUUID();
    const existing = live(id);
    if (existing) {
      throw new SessionConflictError({
        sessionId: id,
        expectedVersion: 0,
        actualVersion: existing.head.version,
      });
    }
    const turns = input.turns ?? [];
    const time = now();
    const head: SessionHead = {
      id,
      ...(input.ownerId === undefined ? {} : { ownerId: input.ownerId }),
      model: input.model,
      ...(input.config === undefined ? {} : { config: input.config }),
      ...(input.metadata === undefined ? {} : { metadata: input.metadata }),
      version: 1,
      turnCount: turns.length,
      createdAt: time,
      updatedAt: time,
      ...(ttlMs === undefined ? {} : { expiresAt: time + ttlMs }),
      ...(forkedFrom ? { forkedFrom } : {}),
    };
    sql.insert.run({
      id,
      ownerId: head.ownerId ?? null,
      version: 1,
      turnCount: turns.length,
      createdAt: time,
      updatedAt: time,
      expiresAt: head.expiresAt ?? null,
      head: encodeHead(head),
    });
    for (const [i, turn] of turns.entries()) putTurn(id, i + 1, turn);
    return head;
  }

  const sync: SyncSessionStore = {
    leaseMs,
    checkpointMs,

    create: (session) => tx(() => insert(session)),

    load: (sessionId) =>
      tx(() => {
        const session = live(sessionId);
        if (!session) return undefined;
        const turns = sql.turns.all(sessionId).map((row) => decodeTurn(sessionId, row));
        return { ...session, turns };
      }),

    list: ({ ownerId, cursor = '', limit = 50 }) =>
      tx(() => {
        const rows = sql.byOwner.all(ownerId, cursor, now(), limit + 1);
        const sessions: SessionHead[] = [];
        for (const row of rows.slice(0, limit)) {
          try {
            sessions.push(decodeSession(row).head);
          } catch (error) {
            // A corrupt session is left out of lists; loading it names it.
            if (!ColloquyError.isInstance(error)) throw error;
          }
        }
        const last = rows[limit - 1];
        return rows.length > limit && last ? { sessions, cursor: last.id } : { sessions };
      }),

    fork: (sessionId, { atTurn, sessionId: forkId, ownerId }) =>
      tx(() => {
        const source = mustLive(sessionId);
        const { head } = source;
        if (!Number.isInteger(atTurn) || atTurn < 0 || atTurn > head.turnCount) {
          throw new RangeError(
            `fork: atTurn must be an integer from 0 to ${head.turnCount} (the turns in session "${sessionId}"), got ${atTurn}.`,
          );
        }
        const turns = sql.turns
          .all(sessionId)
          .slice(0, atTurn)
          .map((row) => {
            const { seq: _, ...turn } = decodeTurn(sessionId, row);
            return turn;
          });
        return insert(
          {
            sessionId: forkId,
            ownerId: ownerId ?? head.ownerId,
            model: head.model,
            config: head.config,
            metadata: head.metadata,
            turns,
          },
          { sessionId, atTurn },
        ).id;
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
            if (!ColloquyError.isInstance(error)) throw error;
          }
        }
        return { interrupted, expired };
      }),

    close() {
      if (db.open) db.close();
    },

    beginTurn: ({ sessionId, expectedVersion, turnId, contents, session: fresh }) =>
      tx(() => {
        let session = live(sessionId);
        if (!session) {
          if (expectedVersion !== 0) throw new SessionNotFoundError({ sessionId });
          if (!fresh) {
            throw new TypeError('beginTurn: a new session (expectedVersion 0) needs `session`.');
          }
          session = { head: insert({ ...fresh, sessionId }) };
        } else if (session.pending?.turnId !== turnId) {
          const { head, pending } = session;
          // Creating a session that exists is a conflict even while it is busy: two writers
          // that both started the same session id cannot both be right.
          if (pending && expectedVersion !== 0) {
            throw new SessionBusyError({ sessionId, leaseExpiresAt: pending.leaseExpiresAt });
          }
          if (sql.turnById.get(sessionId, turnId)) throw alreadyCommitted(sessionId, turnId);
          if (head.version !== expectedVersion) {
            throw new SessionConflictError({
              sessionId,
              expectedVersion,
              actualVersion: head.version,
            });
          }
        }
        // A retried begin of the pending turn only renews its lease.
        const renew = session.pending !== undefined;
        const leaseExpiresAt = now() + leaseMs;
        const pending = session.pending ?? {
          turnId,
          seq: session.head.turnCount + 1,
          contents,
          leaseExpiresAt,
        };
        pending.leaseExpiresAt = leaseExpiresAt;
        session.pending = pending;
        save(session, !renew);
        return { version: session.head.version, seq: pending.seq, leaseExpiresAt };
      }),

    checkpoint: ({ sessionId, turnId, contents }) =>
      tx(() => {
        const session = mustLive(sessionId);
        const pending = session.pending;
        if (pending?.turnId !== turnId) throw lostLease(sessionId, turnId);
        pending.contents = contents;
        pending.leaseExpiresAt = now() + leaseMs;
        save(session, false);
        return { leaseExpiresAt: pending.leaseExpiresAt };
      }),

    commitTurn: ({ sessionId, turn }) =>
      tx(() => {
        const session = mustLive(sessionId);
        const row = sql.turnById.get(sessionId, turn.turnId);
        const stored = row ? decodeTurn(sessionId, row) : undefined;
        // A retried commit is a no-op; a commit after recovery stored the turn as interrupted is not.
        if (stored?.status === turn.status) return { version: session.head.version, turn: stored };
        const pending = session.pending;
        if (stored || pending?.turnId !== turn.turnId) throw lostLease(sessionId, turn.turnId);
        const committed = putTurn(sessionId, pending.seq, turn);
        session.head.turnCount = pending.seq;
        session.pending = undefined;
        save(session);
        return { version: session.head.version, turn: committed };
      }),

    releaseTurn: ({ sessionId, turnId }) =>
      tx(() => {
        const session = mustLive(sessionId);
        if (session.pending?.turnId === turnId) {
          session.pending = undefined;
          save(session);
        }
        return { version: session.head.version };
      }),
  };
  // The contract's async face over the same synchronous calls; `store.sync` is for the
  // blocking `Chat`.
  const store: Record<string, unknown> = { sync };
  for (const [key, value] of Object.entries(sync)) {
    store[key] =
      typeof value === 'function'
        ? (...args: unknown[]) =>
            new Promise((resolve) => resolve((value as (...a: unknown[]) => unknown)(...args)))
        : value;
  }
  return store as unknown as SessionStore;
}

/** SQLite's own failures (busy, I/O, a closed database) as the contract's typed error. */
function unavailable(error: unknown): unknown {
  // The store's own argument errors pass through; better-sqlite3 throws TypeError for I/O too.
  if (ColloquyError.isInstance(error) || error instanceof RangeError) return error;
  if (error instanceof TypeError && error.message.startsWith('beginTurn:')) return error;
  return new SessionStoreUnavailableError({ store: 'sqlite', cause: error });
}

function alreadyCommitted(sessionId: string, turnId: string): SessionConflictError {
  return new SessionConflictError({
    sessionId,
    message: `Turn "${turnId}" is already committed in session "${sessionId}"; nothing was written. Use a new turn id for a new send.`,
  });
}

function lostLease(sessionId: string, turnId: string): SessionConflictError {
  return new SessionConflictError({
    sessionId,
    message: `Turn "${turnId}" no longer holds session "${sessionId}": its lease expired and the turn was recovered, or it was released. Nothing was written; load the session again.`,
  });
}
