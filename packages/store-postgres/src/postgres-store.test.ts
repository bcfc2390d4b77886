import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SessionStoreUnavailableError, type TurnInput } from '@colloquy/chat-core';
import { describeStoreConformance } from '@colloquy/conformance';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createPostgresStore } from './create-postgres-store';
import { SCHEMA_VERSION } from './postgres-migrations';

const url = process.env.COLLOQUY_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';

async function reachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3_000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const available = await reachable();
if (!available) {
  const hint = `PostgreSQL is not reachable at ${url}: start it (pg_ctlcluster <version> main start) or set COLLOQUY_POSTGRES_URL.`;
  if (process.env.CI === 'true') throw new Error(hint);
  console.warn(`Skipping the PostgreSQL store tests. ${hint}`);
}

// Each case gets its own schema, dropped afterwards.
const admin = new pg.Pool({ connectionString: url, max: 2 });
admin.on('error', () => {});
afterAll(() => admin.end());
const freshSchema = () => `colloquy_test_${randomBytes(6).toString('hex')}`;
const dropSchema = (schema: string) => admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);

async function dumpSchema(schema: string): Promise<string> {
  const { rows: tables } = await admin.query<{ table_name: string }>(
    'SELECT table_name FROM information_schema.tables WHERE table_schema = $1',
    [schema],
  );
  const out: unknown[] = [];
  for (const { table_name } of tables) {
    out.push(table_name, (await admin.query(`SELECT * FROM "${schema}"."${table_name}"`)).rows);
  }
  return JSON.stringify(out);
}

const describeServer = available ? describe : describe.skip;

if (available) {
  describeStoreConformance(
    (options) => {
      const schema = freshSchema();
      const open = () => createPostgresStore({ ...options, connectionString: url, schema, max: 4 });
      return {
        store: open(),
        connect: open,
        async corrupt(sessionId) {
          await admin.query(
            `UPDATE "${schema}".colloquy_turns SET record = '{"status":' WHERE session_id = $1`,
            [sessionId],
          );
        },
        dump: () => dumpSchema(schema),
        cleanup: () => dropSchema(schema).then(() => undefined),
        childOptions: { connectionString: url, schema, max: 2 },
      };
    },
    {
      name: 'postgres',
      processes: {
        module: join(import.meta.dirname, '../dist/index.js'),
        export: 'createPostgresStore',
      },
    },
  );
}

describeServer('createPostgresStore against a real server', () => {
  it('migrates a new schema on first use, once, and refuses a newer one', async () => {
    const schema = freshSchema();
    try {
      const stores = [1, 2, 3].map(() =>
        createPostgresStore({ connectionString: url, schema, max: 1 }),
      );
      // Instances starting together migrate once.
      await Promise.all(stores.map((store) => store.load('x')));
      const { rows } = await admin.query(`SELECT version FROM "${schema}".colloquy_migrations`);
      expect(rows).toEqual([{ version: SCHEMA_VERSION }]);
      for (const store of stores) await store.close();

      await admin.query(`INSERT INTO "${schema}".colloquy_migrations VALUES ($1)`, [
        SCHEMA_VERSION + 1,
      ]);
      const newer = createPostgresStore({ connectionString: url, schema, max: 1 });
      const error = await newer.load('x').catch((e) => e);
      expect(SessionStoreUnavailableError.isInstance(error)).toBe(true);
      expect(error.cause.message).toMatch(/newer than this @colloquy\/store-postgres knows/);
      await newer.close();
    } finally {
      await dropSchema(schema);
    }
  });

  it('refuses a schema name that is not a plain identifier', () => {
    expect(() => createPostgresStore({ connectionString: url, schema: 'a"; DROP' })).toThrow(
      /plain identifier/,
    );
  });

  it('reports an unreachable server as SessionStoreUnavailableError', async () => {
    const store = createPostgresStore({ connectionString: 'postgres://root@127.0.0.1:1/test' });
    const error = await store.load('x').catch((e) => e);
    expect(SessionStoreUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/^Could not reach the postgres session store/);
    await store.close();
  });

  it('survives its connection being killed mid-commit: a typed error, nothing half-written, then recovery', async () => {
    const schema = freshSchema();
    const applicationName = `colloquy-kill-${randomBytes(4).toString('hex')}`;
    const pool = new pg.Pool({ connectionString: url, max: 1, application_name: applicationName });
    pool.on('error', () => {});
    const store = createPostgresStore({ pool, schema });
    const observer = createPostgresStore({ connectionString: url, schema, max: 1 });
    const locker = await admin.connect();
    try {
      await store.beginTurn({
        sessionId: 's',
        expectedVersion: 0,
        turnId: 't1',
        contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
        session: { model: 'm' },
      });
      const before = await observer.load('s');
      // Hold the session's row so the store's commit waits inside its transaction.
      await locker.query('BEGIN');
      await locker.query(`SELECT 1 FROM "${schema}".colloquy_sessions WHERE id = 's' FOR UPDATE`);
      const turn: TurnInput = {
        turnId: 't1',
        status: 'complete',
        contents: [
          { role: 'user', parts: [{ text: 'hi' }] },
          { role: 'model', parts: [{ text: 'Hello!' }] },
        ],
      };
      const commit = store.commitTurn({ sessionId: 's', turn }).catch((e) => e);
      for (let i = 0; i < 100; i += 1) {
        const { rows } = await admin.query(
          "SELECT 1 FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'",
          [applicationName],
        );
        if (rows.length > 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await admin.query(
        'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = $1',
        [applicationName],
      );
      const error = await commit;
      expect(SessionStoreUnavailableError.isInstance(error)).toBe(true);
      await locker.query('ROLLBACK');

      expect(await observer.load('s')).toEqual(before);
      const retried = await store.commitTurn({ sessionId: 's', turn });
      expect(retried.turn.seq).toBe(1);
      expect((await observer.load('s'))?.turns).toEqual([{ ...turn, seq: 1 }]);
    } finally {
      locker.release();
      await store.close();
      await pool.end();
      await observer.close();
      await dropSchema(schema);
    }
  });
});
