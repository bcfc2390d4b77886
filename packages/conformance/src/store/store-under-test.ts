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
  /**
   * JSON-able options that, given to the `processes` factory (with `leaseMs` added), open
   * another store over this one's data in a child process. Needed when `processes` is given.
   */
  childOptions?: Record<string, unknown>;
}

/**
 * How a child process opens the store under test, for the cases that kill a writer process or
 * race several: a function cannot cross into another process, so the child imports `module`
 * and calls its `export` with the case's `childOptions`.
 */
export interface StoreProcesses {
  /** The module that builds the store, as an absolute path or a `file:` URL (e.g. your build). */
  module: string;
  /** The function export of `module` that opens a store from options; `default` unless given. */
  export?: string;
}

/** Opens a fresh, empty store for one case. */
export type MakeStore = (options: StoreTestOptions) => StoreUnderTest | Promise<StoreUnderTest>;
