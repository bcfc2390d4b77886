import { spawn } from 'node:child_process';
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
    };
  },
  { name: 'sqlite' },
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

  it('recovers the turn of a process killed mid-stream as interrupted with a prefix of its text', async () => {
    const path = tempPath();
    const leaseMs = 300;
    const store = createSqliteStore({ path, leaseMs });
    await store.create({ sessionId: 'crash', model: 'm' });
    const child = spawn(
      process.execPath,
      [
        join(import.meta.dirname, '__fixtures__', 'crash-mid-turn.mjs'),
        path,
        'crash',
        String(leaseMs),
      ],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (data: Buffer) => {
        if (data.toString().includes('checkpointed')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
    });
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    expect((await store.load('crash'))?.pending?.turnId).toBe('doomed');
    await new Promise((resolve) => setTimeout(resolve, leaseMs + 50));
    const loaded = await store.load('crash');
    expect(loaded?.pending).toBeUndefined();
    const turn = loaded?.turns[0];
    expect(turn).toMatchObject({ turnId: 'doomed', seq: 1, status: 'interrupted' });
    const text = turn?.contents[1]?.parts[0]?.text ?? '';
    expect(text.length).toBeGreaterThan(0);
    expect('Once upon a time'.startsWith(text)).toBe(true);

    const next = await store.beginTurn({
      sessionId: 'crash',
      expectedVersion: loaded?.head.version ?? -1,
      turnId: 'after',
      contents: [{ role: 'user', parts: [{ text: 'Go on.' }] }],
    });
    expect(next.seq).toBe(2);
    await store.close();
  });
});
