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
} from '@colloquy/chat-core/store-kit';
import pg from 'pg';
import { migrate } from './postgres-migrations';
import type { PostgresStoreOptions } from './postgres-store-options';

type Client = pg.PoolClient;

/**
 * A session store in PostgreSQL. Each write is one transaction that locks the session's row
 * (`SELECT … FOR UPDATE`) and writes it back with `UPDATE … WHERE version = $n`, so
 * instances sharing the database never interleave; a send's usual begin / checkpoint /
 * commit is first tried as a single conditional statement. Migrations run on first use.
 * The session logic is chat-core's store kit; this file is the SQL.
 */
export function createPostgresStore(options: PostgresStoreOptions): SessionStore {
  const rules = createSessionRules(options);
  const { leaseMs, checkpointMs, ttlMs, now } = rules;
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

  async function save(client: Client, session: SessionState, change = true): Promise<void> {
    const previous = rules.touch(session.head, change);
    const row = encodeSessionWrite(session);
    const result = await client.query(
      `UPDATE ${sessions} SET version = $3, turn_count = $4, updated_at = $5, expires_at = $6,
         pending_turn_id = $7, pending_seq = $8, pending_contents = $9, lease_expires_at = $10
       WHERE id = $1 AND version = $2`,
      [
        row.id,
        previous,
        row.version,
        row.turnCount,
        row.updatedAt,
        row.expiresAt,
        row.pendingTurnId,
        row.pendingSeq,
        row.pendingContents,
        row.leaseExpiresAt,
      ],
    );
    // The row is locked, so this is a guard, not a code path.
    if (result.rowCount !== 1) throw new SessionConflictError({ sessionId: session.head.id });
  }

  async function putTurn(
    client: Client,
    sessionId: string,
    seq: number,
    turn: TurnInput,
  ): Promise<void> {
    await client.query(
      `INSERT INTO ${turnsTable} (session_id, seq, turn_id, record) VALUES ($1, $2, $3, $4)`,
      [sessionId, seq, turn.turnId, encodeTurn(turn)],
    );
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
    return rows.map((row) => decodeTurnRow(sessionId, row));
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
    return rows[0] && decodeTurnRow(sessionId, rows[0]);
  }

  /** The live session, locked, an expired lease recovered first; undefined if none or expired. */
  async function live(client: Client, sessionId: string): Promise<SessionState | undefined> {
    const { rows } = await client.query<SessionRow>(
      `SELECT * FROM ${sessions} WHERE id = $1 FOR UPDATE`,
      [sessionId],
    );
    const row = rows[0];
    if (!row) return undefined;
    if (rules.expired(row.expires_at)) {
      await remove(client, sessionId);
      return undefined;
    }
    const session = decodeSessionRow(row);
    const interrupted = rules.recoverLease(session);
    if (interrupted) {
      await putTurn(client, sessionId, interrupted.seq, interrupted);
      await save(client, session);
    }
    return session;
  }

  async function mustLive(client: Client, sessionId: string): Promise<SessionState> {
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
    const head = rules.newHead(id, input, forkedFrom);
    // A writer creating the same id at the same moment waits on the key, then inserts nothing.
    const inserted = await client.query(
      `INSERT INTO ${sessions} (id, owner_id, version, turn_count, created_at, updated_at, expires_at, head)
       VALUES ($1, $2, $3, $4, $5, $5, $6, $7) ON CONFLICT (id) DO NOTHING`,
      [
        id,
        head.ownerId ?? null,
        head.version,
        head.turnCount,
        head.createdAt,
        head.expiresAt ?? null,
        encodeHead(head),
      ],
    );
    if (inserted.rowCount !== 1) throw createConflict(id);
    for (const [i, turn] of (input.turns ?? []).entries()) await putTurn(client, id, i + 1, turn);
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
        return { session: { ...decodeSessionRow(row), turns: await turnsOf(client, sessionId) } };
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
        return listPage(rows, limit, (row) => decodeSessionRow(row).head);
      }),

    fork: (sessionId, params) =>
      tx(async (client) => {
        const { head } = await mustLive(client, sessionId);
        const turns = await turnsOf(client, sessionId);
        const { session, forkedFrom } = rules.fork({ head, turns }, params);
        return (await insert(client, session, forkedFrom)).id;
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

    beginTurn: async (params) =>
      (await fastBegin(params.sessionId, params.expectedVersion, params.turnId, params.contents)) ??
      tx(async (client) => {
        const { sessionId, turnId, contents } = params;
        let session = await live(client, sessionId);
        const committed = (await turnById(client, sessionId, turnId)) !== undefined;
        if (rules.checkBegin(session, params, committed) === 'create') {
          session = {
            head: await insert(client, { ...(params.session as NewSession), sessionId }),
          };
        }
        const state = session as SessionState;
        await save(client, state, rules.takeLease(state, turnId, contents));
        return rules.began(state);
      }),

    checkpoint: async ({ sessionId, turnId, contents }) =>
      (await fastCheckpoint(sessionId, turnId, contents)) ??
      tx(async (client) => {
        const session = await mustLive(client, sessionId);
        const renewed = rules.checkpoint(session, turnId, contents);
        await save(client, session, false);
        return renewed;
      }),

    commitTurn: async ({ sessionId, turn }) =>
      (await fastCommit(sessionId, turn)) ??
      tx(async (client) => {
        const session = await mustLive(client, sessionId);
        const stored = await turnById(client, sessionId, turn.turnId);
        const decided = rules.commit(session, turn, stored);
        if (decided.write) {
          await putTurn(client, sessionId, decided.turn.seq, turn);
          await save(client, session);
        }
        return { version: session.head.version, turn: decided.turn };
      }),

    releaseTurn: ({ sessionId, turnId }) =>
      tx(async (client) => {
        const session = await mustLive(client, sessionId);
        if (rules.release(session, turnId)) await save(client, session);
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
  if (isStoreVerdict(error)) return error;
  return new SessionStoreUnavailableError({ store: 'postgres', cause: error });
}
