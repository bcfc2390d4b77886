import type { SessionStoreOptions } from '@colloquy/chat-core';

export interface SqliteStoreOptions extends SessionStoreOptions {
  /** The database file, created if missing; `':memory:'` for a private in-memory database. */
  path: string;
  /** How long a write waits for another connection's transaction before failing. Default 5 000. */
  busyTimeoutMs?: number;
}
