import type { SessionStoreOptions } from '@colloquy/chat-core';
import type { Pool } from 'pg';

export interface PostgresStoreOptions extends SessionStoreOptions {
  /** `postgres://user:password@host:5432/database`. Ignored when `pool` is given. */
  connectionString?: string;
  /** Your own `pg` pool; the store then leaves it open on `close()`. */
  pool?: Pool;
  /** The schema holding the store's tables, created if missing. Default `public`. */
  schema?: string;
  /** Connections in the store's own pool. Default 10. */
  max?: number;
}
