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
  type TurnInput,
} from '@colloquy/chat-core';
import pg from 'pg';
import { migrate } from './postgres-migrations';
import {
  decodeSession,
  decodeTurn,
  encodeHead,
  encodeTurn,
  type Session,
  type SessionRow,
  type TurnRow,
} from './postgres-rows';
import type { PostgresStoreOptions } from './postgres-store-options';

type Client = pg.PoolClient;

/**
 * A session store in PostgreSQL. Each write is one transaction that locks the session's row
 * (`SELECT … FOR UPDATE`) and writes it back with `UPDATE … WHERE version = $n`, so
 * instances sharing the database never interleave; a send's usual begin / checkpoint /
 * commit is first tried as a single conditional statement. Migrations run on first use.
 */
export function createPostgresStore(options: PostgresStoreOptions): SessionStore {
  const { leaseMs = 30_000, checkpointMs = 1_000, ttlMs, now = Date.now } = options;
  const schemaName = options.schema ?? 'public';
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(schemaName)) {
    throw new TypeError(
      `createPostgresStore: schema must be a plain identifier (letters, digits, _), got ${JSON.stringify(schemaName)}.`,
    );
  }
  const schema = `"${schemaName}"`;
  const sessions = `${schema}.colloquy_sessions`;
  const turnsTable = `${schema}.colloquy_turns`;
  const ownPool = !options.pool;
  const pool =
    options.pool ??
    new pg.Pool({ connectionString: options.connectionString, max: options.max ?? 10 });
  // An idle connection the server dropped is discarded by the pool; without a listener the
  // 'error' event would crash the process. The next query opens a new connection.
  if (ownPool) pool.on('error', () => {});
  let ready: Promise<void> | undefined;
  const watched = new WeakSet<Client>();

  async function connect(): Promise<Client> {
    ready ??= pool.connect().then(async (client) => {
      try {
        await migrate(client, schema);
      } finally {
        client.release();
      }
    });
    try {
      await ready;
    } catch (error) {
      ready = undefined; // try again on the next call
      throw error;
    }
    const client = await pool.connect();
    // A connection dropped while checked out emits 'error' on the client too; the query in
    // flight rejects with it, which is what the caller sees.
    if (!watched.has(client)) {
      watched.add(client);
      client.on('error', () => {});
    }
    return client;
  }

  /** Runs `fn` in one transaction, mapping connection failures to typed errors. */
  async function tx<T>(fn: (client: Client) => Promise<T>, begin = 'BEGIN'): Promise<T> {
    let client: Client | undefined;
    let broken = false;
    try {
      client = await connect();
      await client.query(begin);
      const result = await fn(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      if (client) {
        try {
          await client.query('ROLLBACK');
        } catch {
          broken = true;
        }
      }
      throw unavailable(error);
    } finally {
      // A connection that failed mid-transaction is destroyed, never reused.
      client?.release(broken || undefined);
    }
  }

  /** One statement on its own (its own implicit transaction): one round trip. */
  async function statement<R extends pg.QueryResultRow>(text: string, values: unknown[]) {
    let client: Client | undefined;
    try {
      client = await connect();
      const result = await client.query<R>(text, values);
      client.release();
      return result.rows;
    } catch (error) {
      client?.release(true);
      throw unavailable(error);
    }
  }

  /*
   * The fast paths of a send: begin, checkpoint and commit as single conditional statements
   * (one round trip each) for the usual case: a live session, the expected version or the
   * caller's own live lease. When the condition fails they change nothing and return no row,
   * and the full transaction below sorts out why (busy, conflict, a session to create, a
   * retried call, an expired lease to recover).
   */
  const live$ = `(expires_at IS NULL OR expires_at > $3)`;
  const expiry = (time: number) => (ttlMs === undefined ? null : time + ttlMs);

  async function fastBegin(
    sessionId: string,
    expectedVersion: number,
    turnId: string,
    contents: unknown,
  ) {
    if (expectedVersion === 0) return undefined;
    const time = now();
    const rows = await statement<{ version: number; pending_seq: number }>(
      `UPDATE ${sessions} SET version = version + 1, pending_turn_id = $2, pending_seq = turn_count + 1,
         pending_contents = $5, lease_expires_at = $6, updated_at = $3, expires_at = $7
       WHERE id = $1 AND version = $4 AND pending_turn_id IS NULL AND ${live$}
         AND NOT EXISTS (SELECT 1 FROM ${turnsTable} WHERE session_id = $1 AND turn_id = $2)
       RETURNING version, pending_seq`,
      [
        sessionId,
        turnId,
        time,
        expectedVersion,
        JSON.stringify(contents),
        time + leaseMs,
        expiry(time),
      ],
    );
    const row = rows[0];
    return row && { version: row.version, seq: row.pending_seq, leaseExpiresAt: time + leaseMs };
  }

  async function fastCheckpoint(sessionId: string, turnId: string, contents: unknown) {
    const time = now();
    const rows = await statement(
      `UPDATE ${sessions} SET pending_contents = $4, lease_expires_at = $5, updated_at = $3, expires_at = $6
       WHERE id = $1 AND pending_turn_id = $2 AND lease_expires_at > $3 AND ${live$}
       RETURNING 1`,
      [sessionId, turnId, time, JSON.stringify(contents), time + leaseMs, expiry(time)],
    );
    return rows.length === 1 ? { leaseExpiresAt: time + leaseMs } : undefined;
  }

  async function fastCommit(sessionId: string, turn: TurnInput) {
    const time = now();
    const rows = await statement<{ seq: number; version: number }>(
      `WITH s AS (
         UPDATE ${sessions} SET version = version + 1, turn_count = pending_seq, updated_at = $3,
           expires_at = $5, pending_turn_id = NULL, pending_seq = NULL, pending_contents = NULL,
           lease_expires_at = NULL
         WHERE id = $1 AND pending_turn_id = $2 AND lease_expires_at > $3 AND ${live$}
         RETURNING version, turn_count)
       INSERT INTO ${turnsTable} (session_id, seq, turn_id, record)
         SELECT $1, turn_count, $2, $4 FROM s
       RETURNING seq, (SELECT version FROM s) AS version`,
      [sessionId, turn.turnId, time, encodeTurn(turn), expiry(time)],
    );
    const row = rows[0];
    return row && { version: row.version, turn: { ...turn, seq: row.seq } as StoredTurn };
  }

  async function save(client: Client, session: Session, change = true): Promise<void> {
    const { head, pending } = session;
    const previous = head.version;
    if (change) head.version += 1;
    head.updatedAt = now();
    if (ttlMs !== undefined) head.expiresAt = head.updatedAt + ttlMs;
    const result = await client.query(
      `UPDATE ${sessions} SET version = $3, turn_count = $4, updated_at = $5, expires_at = $6,
         pending_turn_id = $7, pending_seq = $8, pending_contents = $9, lease_expires_at = $10
       WHERE id = $1 AND version = $2`,
      [
        head.id,
        previous,
        head.version,
        head.turnCount,
        head.updatedAt,
        head.expiresAt ?? null,
        pending?.turnId ?? null,
        pending?.seq ?? null,
        pending ? JSON.stringify(pending.contents) : null,
        pending?.leaseExpiresAt ?? null,
      ],
    );
    // The row is locked, so this is a guard, not a code path.
    if (result.rowCount !== 1) throw new SessionConflictError({ sessionId: head.id });
  }

  async function putTurn(
    client: Client,
    sessionId: string,
    seq: number,
    turn: TurnInput,
  ): Promise<StoredTurn> {
    await client.query(
      `INSERT INTO ${turnsTable} (session_id, seq, turn_id, record) VALUES ($1, $2, $3, $4)`,
      [sessionId, seq, turn.turnId, encodeTurn(turn)],
    );
    return { ...turn, seq };
  }

  async function remove(client: Client, sessionId: string): Promise<boolean> {
    await client.query(`DELETE FROM ${turnsTable} WHERE session_id = $1`, [sessionId]);
    const result = await client.query(`DELETE FROM ${sessions} WHERE id = $1`, [sessionId]);
    return (result.rowCount ?? 0) > 0;
  }

  async function turnsOf(client: Client, sessionId: string): Promise<StoredTurn[]> {
    const { rows } = await client.query<TurnRow>(
      `SELECT seq, turn_id, record FROM ${turnsTable} WHERE session_id = $1 ORDER BY seq`,
      [sessionId],
    );
    return rows.map((row) => decodeTurn(sessionId, row));
  }

  async function turnById(
    client: Client,
    sessionId: string,
    turnId: string,
  ): Promise<StoredTurn | undefined> {
    const { rows } = await client.query<TurnRow>(
      `SELECT seq, turn_id, record FROM ${turnsTable} WHERE session_id = $1 AND turn_id = $2`,
      [sessionId, turnId],
    );
    return rows[0] && decodeTurn(sessionId, rows[0]);
  }

  /** The live session, locked, an expired lease recovered first; undefined if none or expired. */
  async function live(client: Client, sessionId: string): Promise<Session | undefined> {
    const { rows } = await client.query<SessionRow>(
      `SELECT * FROM ${sessions} WHERE id = $1 FOR UPDATE`,
      [sessionId],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (row.expires_at !== null && Number(row.expires_at) <= now()) {
      await remove(client, sessionId);
      return undefined;
    }
    const session = decodeSession(row);
    const pending = session.pending;
    if (pending && pending.leaseExpiresAt <= now()) {
      await putTurn(client, sessionId, pending.seq, {
        turnId: pending.turnId,
        status: 'interrupted',
        contents: pending.contents,
        reason: 'lease expired',
      });
      session.head.turnCount = pending.seq;
      session.pending = undefined;
      await save(client, session);
    }
    return session;
  }

  async function mustLive(client: Client, sessionId: string): Promise<Session> {
    const session = await live(client, sessionId);
    if (!session) throw new SessionNotFoundError({ sessionId });
    return session;
  }

  async function insert(
    client: Client,
    input: NewSession,
    forkedFrom?: SessionHead['forkedFrom'],
  ): Promise<SessionHead> {
    const id = input.sessionId ?? randomUUID();
    const existing = await live(client, id);
    if (existing) throw createConflict(id, existing.head.version);
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
    // A writer creating the same id at the same moment waits on the key, then inserts nothing.
    const inserted = await client.query(
      `INSERT INTO ${sessions} (id, owner_id, version, turn_count, created_at, updated_at, expires_at, head)
       VALUES ($1, $2, 1, $3, $4, $4, $5, $6) ON CONFLICT (id) DO NOTHING`,
      [id, head.ownerId ?? null, turns.length, time, head.expiresAt ?? null, encodeHead(head)],
    );
    if (inserted.rowCount !== 1) throw createConflict(id);
    for (const [i, turn] of turns.entries()) await putTurn(client, id, i + 1, turn);
    return head;
  }

  const store: SessionStore = {
    leaseMs,
    checkpointMs,

    create: (session) => tx((client) => insert(client, session)),

    async load(sessionId) {
      // Most loads only read: one snapshot, no lock, so a reader never waits for a writer.
      const read = await tx(async (client) => {
        const { rows } = await client.query<SessionRow>(`SELECT * FROM ${sessions} WHERE id = $1`, [
          sessionId,
        ]);
        const row = rows[0];
        if (!row) return { session: undefined };
        const time = now();
        const expired = (at: number | string | null) => at !== null && Number(at) <= time;
        if (expired(row.expires_at) || expired(row.lease_expires_at)) return 'write';
        return { session: { ...decodeSession(row), turns: await turnsOf(client, sessionId) } };
      }, 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
      if (read !== 'write') return read.session;
      // An expired session or lease: recover it under the row lock, then read.
      return tx(async (client) => {
        const session = await live(client, sessionId);
        if (!session) return undefined;
        return { ...session, turns: await turnsOf(client, sessionId) };
      });
    },

    list: ({ ownerId, cursor = '', limit = 50 }) =>
      tx(async (client) => {
        const { rows } = await client.query<SessionRow>(
          `SELECT * FROM ${sessions} WHERE owner_id = $1 AND id > $2
             AND (expires_at IS NULL OR expires_at > $3) ORDER BY id LIMIT $4`,
          [ownerId, cursor, now(), limit + 1],
        );
        const heads: SessionHead[] = [];
        for (const row of rows.slice(0, limit)) {
          try {
            heads.push(decodeSession(row).head);
          } catch (error) {
            // A corrupt session is left out of lists; loading it names it.
            if (!ColloquyError.isInstance(error)) throw error;
          }
        }
        const last = rows[limit - 1];
        return rows.length > limit && last
          ? { sessions: heads, cursor: last.id }
          : { sessions: heads };
      }),

    fork: (sessionId, { atTurn, sessionId: forkId, ownerId }) =>
      tx(async (client) => {
        const { head } = await mustLive(client, sessionId);
        if (!Number.isInteger(atTurn) || atTurn < 0 || atTurn > head.turnCount) {
          throw new RangeError(
            `fork: atTurn must be an integer from 0 to ${head.turnCount} (the turns in session "${sessionId}"), got ${atTurn}.`,
          );
        }
        const turns = (await turnsOf(client, sessionId))
          .slice(0, atTurn)
          .map(({ seq: _, ...turn }) => turn);
        const forked = await insert(
          client,
          {
            sessionId: forkId,
            ownerId: ownerId ?? head.ownerId,
            model: head.model,
            config: head.config,
            metadata: head.metadata,
            turns,
          },
          { sessionId, atTurn },
        );
        return forked.id;
      }),

    delete: (sessionId) => tx((client) => remove(client, sessionId)),

    eraseOwner: (ownerId) =>
      tx(async (client) => {
        const { rows } = await client.query<{ id: string }>(
          `DELETE FROM ${sessions} WHERE owner_id = $1 RETURNING id`,
          [ownerId],
        );
        const ids = rows.map((row) => row.id);
        await client.query(`DELETE FROM ${turnsTable} WHERE session_id = ANY($1)`, [ids]);
        return ids.length;
      }),

    recoverExpired: () =>
      tx(async (client) => {
        const time = now();
        const gone = await client.query<{ id: string }>(
          `DELETE FROM ${sessions} WHERE expires_at <= $1 RETURNING id`,
          [time],
        );
        const expiredIds = gone.rows.map((row) => row.id);
        await client.query(`DELETE FROM ${turnsTable} WHERE session_id = ANY($1)`, [expiredIds]);
        const { rows } = await client.query<{ id: string }>(
          `SELECT id FROM ${sessions} WHERE lease_expires_at <= $1`,
          [time],
        );
        let interrupted = 0;
        for (const { id } of rows) {
          await client.query('SAVEPOINT recover');
          try {
            await live(client, id);
            interrupted += 1;
            await client.query('RELEASE SAVEPOINT recover');
          } catch (error) {
            // A corrupt session stays as it is; the others are still recovered.
            if (!ColloquyError.isInstance(error)) throw error;
            await client.query('ROLLBACK TO SAVEPOINT recover');
          }
        }
        return { interrupted, expired: expiredIds.length };
      }),

    async close() {
      if (ownPool && !pool.ended) await pool.end();
    },

    beginTurn: async ({ sessionId, expectedVersion, turnId, contents, session: fresh }) =>
      (await fastBegin(sessionId, expectedVersion, turnId, contents)) ??
      tx(async (client) => {
        let session = await live(client, sessionId);
        if (!session) {
          if (expectedVersion !== 0) throw new SessionNotFoundError({ sessionId });
          if (!fresh) {
            throw new TypeError('beginTurn: a new session (expectedVersion 0) needs `session`.');
          }
          session = { head: await insert(client, { ...fresh, sessionId }) };
        } else if (session.pending?.turnId !== turnId) {
          const { head, pending } = session;
          // Creating a session that exists is a conflict even while it is busy: two writers
          // that both started the same session id cannot both be right.
          if (pending && expectedVersion !== 0) {
            throw new SessionBusyError({ sessionId, leaseExpiresAt: pending.leaseExpiresAt });
          }
          if (await turnById(client, sessionId, turnId)) throw alreadyCommitted(sessionId, turnId);
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
        await save(client, session, !renew);
        return { version: session.head.version, seq: pending.seq, leaseExpiresAt };
      }),

    checkpoint: async ({ sessionId, turnId, contents }) =>
      (await fastCheckpoint(sessionId, turnId, contents)) ??
      tx(async (client) => {
        const session = await mustLive(client, sessionId);
        const pending = session.pending;
        if (pending?.turnId !== turnId) throw lostLease(sessionId, turnId);
        pending.contents = contents;
        pending.leaseExpiresAt = now() + leaseMs;
        await save(client, session, false);
        return { leaseExpiresAt: pending.leaseExpiresAt };
      }),

    commitTurn: async ({ sessionId, turn }) =>
      (await fastCommit(sessionId, turn)) ??
      tx(async (client) => {
        const session = await mustLive(client, sessionId);
        const stored = await turnById(client, sessionId, turn.turnId);
        // A retried commit is a no-op; a commit after recovery stored the turn as interrupted is not.
        if (stored?.status === turn.status) return { version: session.head.version, turn: stored };
        const pending = session.pending;
        if (stored || pending?.turnId !== turn.turnId) throw lostLease(sessionId, turn.turnId);
        const committed = await putTurn(client, sessionId, pending.seq, turn);
        session.head.turnCount = pending.seq;
        session.pending = undefined;
        await save(client, session);
        return { version: session.head.version, turn: committed };
      }),

    releaseTurn: ({ sessionId, turnId }) =>
      tx(async (client) => {
        const session = await mustLive(client, sessionId);
        if (session.pending?.turnId === turnId) {
          session.pending = undefined;
          await save(client, session);
        }
        return { version: session.head.version };
      }),
  };
  return store;
}

/**
 * Anything that is not the store's own verdict (a typed error, a bad argument) means the
 * database could not be reached or dropped the connection: the transaction did not commit.
 */
function unavailable(error: unknown): unknown {
  if (ColloquyError.isInstance(error) || error instanceof RangeError) return error;
  if (error instanceof TypeError && error.message.startsWith('beginTurn:')) return error;
  return new SessionStoreUnavailableError({ store: 'postgres', cause: error });
}

function createConflict(sessionId: string, actualVersion?: number): SessionConflictError {
  return new SessionConflictError({ sessionId, expectedVersion: 0, actualVersion });
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
