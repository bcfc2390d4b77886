import type { StreamLogOptions } from '../stream-log/stream-log';

export interface RedisStreamLogOptions extends StreamLogOptions {
  /** `redis://[:password@]host:6379[/db]`. Default `redis://127.0.0.1:6379`. */
  url?: string;
  /**
   * Put before every key and channel the log uses, so tests and tenants can share a server.
   * Default `colloquy:` (the Redis session store's default too: their keys do not overlap).
   */
  keyPrefix?: string;
  /** How long to wait for a connection before failing with `StreamLogUnavailableError`. Default 5 000. */
  connectTimeoutMs?: number;
  /**
   * A turn that stops receiving events (its producer died without a `done`) is dropped this
   * long after its last event. Default 3 600 000 (one hour).
   */
  runningTtlMs?: number;
}
