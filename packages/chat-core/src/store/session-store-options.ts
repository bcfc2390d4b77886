/** The options every session store accepts, whatever its backend. */
export interface SessionStoreOptions {
  /** How long a pending turn's writer holds the session without a checkpoint. Default 30 000. */
  leaseMs?: number;
  /** How often a streaming send should checkpoint its partial output. Default 1 000. */
  checkpointMs?: number;
  /** Sliding expiry: a session not written for this long is gone. Default: never. */
  ttlMs?: number;
  /**
   * The clock, in milliseconds since the epoch. Default `Date.now`. Leases and expiry are
   * judged by the clock of the process that writes, so keep instances' clocks in sync.
   */
  now?: () => number;
}
