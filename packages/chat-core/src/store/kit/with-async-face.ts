import type { SessionStore, SyncSessionStore } from '../session-store';

/**
 * A `SessionStore` over a synchronous one: each call runs the blocking one and a throw
 * becomes a rejection. `store.sync` is the blocking face, for `Chat`.
 */
export function withAsyncFace(sync: SyncSessionStore): SessionStore {
  const store: Record<string, unknown> = { sync };
  for (const [key, value] of Object.entries(sync)) {
    store[key] =
      typeof value === 'function'
        ? (...args: unknown[]) =>
            new Promise((resolve) => resolve((value as (...a: unknown[]) => unknown)(...args)))
        : value;
  }
  return store as unknown as SessionStore;
}
