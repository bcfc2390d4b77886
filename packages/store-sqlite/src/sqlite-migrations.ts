import type { Database } from 'better-sqlite3';

/**
 * The schema, one step per version (`PRAGMA user_version`). Steps are only ever added: a
 * database is brought up to date on open, inside one transaction.
 *
 * A session's row holds its head and its pending turn; each committed turn is one row. JSON
 * is stored as text: it is never queried into, only decoded at the edge.
 */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE colloquy_sessions (
     id TEXT PRIMARY KEY,
     owner_id TEXT,
     version INTEGER NOT NULL,
     turn_count INTEGER NOT NULL,
     created_at INTEGER NOT NULL,
     updated_at INTEGER NOT NULL,
     expires_at INTEGER,
     head TEXT NOT NULL,
     pending_turn_id TEXT,
     pending_seq INTEGER,
     pending_contents TEXT,
     lease_expires_at INTEGER
   );
   CREATE INDEX colloquy_sessions_owner ON colloquy_sessions (owner_id, id);
   CREATE INDEX colloquy_sessions_lease ON colloquy_sessions (lease_expires_at)
     WHERE lease_expires_at IS NOT NULL;
   CREATE INDEX colloquy_sessions_expiry ON colloquy_sessions (expires_at)
     WHERE expires_at IS NOT NULL;
   CREATE TABLE colloquy_turns (
     session_id TEXT NOT NULL,
     seq INTEGER NOT NULL,
     turn_id TEXT NOT NULL,
     record TEXT NOT NULL,
     PRIMARY KEY (session_id, seq),
     UNIQUE (session_id, turn_id)
   ) WITHOUT ROWID;`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Brings the database's schema up to date; refuses a database from a newer version. */
export function migrate(db: Database): void {
  db.transaction(() => {
    const current = db.pragma('user_version', { simple: true }) as number;
    if (current > MIGRATIONS.length) {
      throw new Error(
        `The session database has schema version ${current}, newer than this @colloquy/store-sqlite knows (${MIGRATIONS.length}). Upgrade the package.`,
      );
    }
    for (let step = current; step < MIGRATIONS.length; step += 1)
      db.exec(MIGRATIONS[step] as string);
    db.pragma(`user_version = ${MIGRATIONS.length}`);
  }).immediate();
}
