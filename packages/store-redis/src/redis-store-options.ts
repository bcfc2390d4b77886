import type { SessionStoreOptions } from '@colloquy/chat-core';

export interface RedisStoreOptions extends SessionStoreOptions {
  /** `redis://[:password@]host:6379[/db]`. Default `redis://127.0.0.1:6379`. */
  url?: string;
  /** Put before every key the store writes, so tests and tenants can share a server. Default `colloquy:`. */
  keyPrefix?: string;
  /** How long to wait for a connection before failing with `SessionStoreUnavailableError`. Default 5 000. */
  connectTimeoutMs?: number;
}
