import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { SessionStore } from '@colloquy/chat-core';
import { DemoError } from '../demo-error';

/** Where the demo keeps conversations unless `--store` says otherwise (relative to the cwd). */
export const DEFAULT_STORE = '.colloquy/chats.db';

/** Where the store is, for messages: the file as given, or the server URL without its password. */
export function describeStore(spec: string): string {
  return spec.replace(/\/\/([^:@/]*):[^@/]*@/, '//$1:***@');
}

/**
 * Opens the store `--store` names: `redis://…` (or `rediss://`), `postgres://…` (or
 * `postgresql://`), else a SQLite file path, whose directory is created. The server stores
 * are loaded only when asked for.
 */
export async function openStore(spec: string, cwd: string): Promise<SessionStore> {
  if (/^rediss?:\/\//.test(spec)) {
    const { createRedisStore } = await import('@colloquy/store-redis');
    return createRedisStore({ url: spec });
  }
  if (/^postgres(ql)?:\/\//.test(spec)) {
    const { createPostgresStore } = await import('@colloquy/store-postgres');
    return createPostgresStore({ connectionString: spec });
  }
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(spec)) {
    throw new DemoError(
      `--store ${describeStore(spec)}: unknown kind of store. Give a SQLite file path, redis://… or postgres://….`,
    );
  }
  const path = resolve(cwd, spec);
  mkdirSync(dirname(path), { recursive: true });
  const { createSqliteStore } = await import('@colloquy/store-sqlite');
  return createSqliteStore({ path });
}
