import type { SessionStore } from '@colloquy/chat-core';

/** The options the suite opens each store with: a fake clock it moves itself, short leases. */
export interface StoreTestOptions {
  leaseMs: number;
  checkpointMs: number;
  ttlMs?: number;
  now: () => number;
}

/** One store opened for one case, with what the suite needs to look behind it. */
export interface StoreUnderTest {
  store: SessionStore;
  /**
   * Another store over the same data, as a second process would open it (its own
   * connection), with the same options. Writers racing on one session use one each.
   */
  connect(): SessionStore | Promise<SessionStore>;
  /** Makes what is stored for one session undecodable (e.g. bad JSON in its turn row). */
  corrupt(sessionId: string): Promise<void>;
  /** Everything this store holds (every key or row, names and values), as text, to scan. */
  dump(): Promise<string>;
  /** Removes everything this store wrote; called after each case, after `close()`. */
  cleanup?(): Promise<void>;
}

/** Opens a fresh, empty store for one case. */
export type MakeStore = (options: StoreTestOptions) => StoreUnderTest | Promise<StoreUnderTest>;
