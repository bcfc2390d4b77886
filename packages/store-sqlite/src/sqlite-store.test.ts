import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SessionStoreUnavailableError } from '@colloquy/chat-core';
import { describeStoreConformance } from '@colloquy/conformance';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from './create-sqlite-store';
import { SCHEMA_VERSION } from './sqlite-migrations';

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-sqlite-'));
  dirs.push(dir);
  return join(dir, 'sessions.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function dumpDatabase(path: string): string {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'")
      .all();
    return JSON.stringify(
      tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}"`).all()]),
    );
  } finally {
    db.close();
  }
}

describeStoreConformance(
  (options) => {
    const path = tempPath();
    return {
      store: createSqliteStore({ ...options, path }),
      connect: () => createSqliteStore({ ...options, path }),
      async corrupt(sessionId) {
        const db = new Database(path);
        db.prepare('UPDATE colloquy_turns SET record = \'{"status":\' WHERE session_id = ?').run(
          sessionId,
        );
        db.close();
      },
      dump: async () => dumpDatabase(path),
      childOptions: { path },
    };
  },
  {
    name: 'sqlite',
    processes: {
      module: join(import.meta.dirname, '../dist/index.js'),
      export: 'createSqliteStore',
    },
  },
);

describe('createSqliteStore', () => {
  it('creates the file in WAL mode at the current schema version, and keeps sessions across reopening', async () => {
    const path = tempPath();
    const store = createSqliteStore({ path });
    await store.create({ sessionId: 's1', ownerId: 'o', model: 'm' });
    await store.close();

    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    db.close();

    const reopened = createSqliteStore({ path });
    expect((await reopened.load('s1'))?.head).toMatchObject({ id: 's1', ownerId: 'o', version: 1 });
    await reopened.close();
  });

  it('refuses a database written by a newer schema, saying what to do', () => {
    const path = tempPath();
    const db = new Database(path);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    let error: unknown;
    try {
      createSqliteStore({ path });
    } catch (e) {
      error = e;
    }
    expect(SessionStoreUnavailableError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(
      /newer than this @colloquy\/store-sqlite knows.*Upgrade/,
    );
  });

  it('fails with SessionStoreUnavailableError once closed, and for a path it cannot open', async () => {
    const store = createSqliteStore({ path: tempPath() });
    await store.close();
    await expect(store.load('s')).rejects.toSatisfy((e) =>
      SessionStoreUnavailableError.isInstance(e),
    );
    expect(() => createSqliteStore({ path: join(tempPath(), 'no', 'such', 'dir.db') })).toThrow(
      /Could not reach the sqlite session store/,
    );
  });
});
