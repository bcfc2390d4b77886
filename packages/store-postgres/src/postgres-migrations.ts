import type { PoolClient } from 'pg';

/**
 * The schema, one step per version, recorded in `colloquy_migrations`. Steps are only ever
 * added. `$schema` is replaced by the quoted schema name. Ids collate as "C" so lists page
 * in the same order everywhere. JSON is stored as text (jsonb
 * refuses `\u0000`, which chat text may hold); it is never queried into, only decoded.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE $schema.colloquy_sessions (
     id TEXT COLLATE "C" PRIMARY KEY,
     owner_id TEXT,
     version INTEGER NOT NULL,
     turn_count INTEGER NOT NULL,
     created_at BIGINT NOT NULL,
     updated_at BIGINT NOT NULL,
     expires_at BIGINT,
     head TEXT NOT NULL,
     pending_turn_id TEXT,
     pending_seq INTEGER,
     pending_contents TEXT,
     lease_expires_at BIGINT
   );
   CREATE INDEX colloquy_sessions_owner ON $schema.colloquy_sessions (owner_id, id);
   CREATE INDEX colloquy_sessions_lease ON $schema.colloquy_sessions (lease_expires_at)
     WHERE lease_expires_at IS NOT NULL;
   CREATE INDEX colloquy_sessions_expiry ON $schema.colloquy_sessions (expires_at)
     WHERE expires_at IS NOT NULL;
   CREATE TABLE $schema.colloquy_turns (
     session_id TEXT COLLATE "C" NOT NULL,
     seq INTEGER NOT NULL,
     turn_id TEXT NOT NULL,
     record TEXT NOT NULL,
     PRIMARY KEY (session_id, seq),
     UNIQUE (session_id, turn_id)
   );`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the schema up to date in one transaction. An advisory lock keeps instances that
 * start together from migrating twice.
 */
export async function migrate(client: PoolClient, schema: string): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`colloquy:${schema}`]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    await client.query(
      `CREATE TABLE IF NOT EXISTS ${schema}.colloquy_migrations (version INTEGER PRIMARY KEY)`,
    );
    const { rows } = await client.query<{ version: number | null }>(
      `SELECT max(version) AS version FROM ${schema}.colloquy_migrations`,
    );
    const current = rows[0]?.version ?? 0;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `The session schema ${schema} has version ${current}, newer than this @colloquy/store-postgres knows (${MIGRATIONS.length}). Upgrade the package.`,
      );
    }
    for (let step = current; step < MIGRATIONS.length; step += 1) {
      await client.query((MIGRATIONS[step] as string).replaceAll('$schema', schema));
      await client.query(`INSERT INTO ${schema}.colloquy_migrations (version) VALUES ($1)`, [
        step + 1,
      ]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  }
}
