import { SessionBusyError } from '../errors/session-busy-error';
import { SessionConflictError } from '../errors/session-conflict-error';
import { SessionCorruptError } from '../errors/session-corrupt-error';
import { SessionNotFoundError } from '../errors/session-not-found-error';
import type { PendingTurnState } from './pending-turn-state';
import type { SessionHead } from './session-head';
import type { NewSession, SessionStore, SyncSessionStore } from './session-store';
import type { SessionStoreOptions } from './session-store-options';
import type { StoredSession } from './stored-session';
import type { StoredTurn, TurnInput } from './stored-turn';

export interface MemoryStoreOptions extends SessionStoreOptions {
  /**
   * The backing map, JSON text by key (`s:<id>` heads, `t:<id>:<seq>` turns). Give your own
   * to inspect what is stored; default a new one.
   */
  map?: Map<string, string>;
}

interface Row {
  head: SessionHead;
  pending?: PendingTurnState;
}

const STATUSES = ['history', 'complete', 'invalid', 'interrupted'];

/**
 * The reference session store: in memory, for tests and browsers. Data is kept as JSON
 * text, so what `load` returns never shares objects with what was written and a stored
 * value that does not decode is refused like it would be in a database. Synchronous inside:
 * `store.sync` is its blocking face, for `Chat`.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): SessionStore {
  const { leaseMs = 30_000, checkpointMs = 1_000, ttlMs, now = Date.now } = options;
  const map = options.map ?? new Map<string, string>();
  const turnKey = (id: string, seq: number) => `t:${id}:${seq}`;

  function decode<T>(id: string, key: string, valid: (value: T) => boolean): T | undefined {
    const text = map.get(key);
    if (text === undefined) return undefined;
    let value: T | undefined;
    try {
      value = JSON.parse(text);
    } catch {}
    if (value === null || typeof value !== 'object' || !valid(value as T)) {
      throw new SessionCorruptError({ sessionId: id, detail: `key ${key}` });
    }
    return value as T;
  }

  const readTurn = (id: string, seq: number) =>
    decode<StoredTurn>(
      id,
      turnKey(id, seq),
      (t) => t.seq === seq && STATUSES.includes(t.status) && Array.isArray(t.contents),
    );

  function write(row: Row, change = true): void {
    const head = row.head;
    if (change) head.version += 1;
    head.updatedAt = now();
    if (ttlMs !== undefined) head.expiresAt = head.updatedAt + ttlMs;
    map.set(`s:${head.id}`, JSON.stringify(row));
  }

  function putTurn(id: string, seq: number, turn: TurnInput): StoredTurn {
    const stored = { ...turn, seq } as StoredTurn;
    map.set(turnKey(id, seq), JSON.stringify(stored));
    map.set(`i:${id}:${turn.turnId}`, String(seq));
    return stored;
  }

  /** The row of a live session, with an expired lease recovered; undefined if none. */
  function live(id: string): Row | undefined {
    const row = decode<Row>(
      id,
      `s:${id}`,
      (r) =>
        typeof r.head?.version === 'number' &&
        typeof r.head.model === 'string' &&
        Number.isInteger(r.head.turnCount),
    );
    if (!row) return undefined;
    if (row.head.expiresAt !== undefined && row.head.expiresAt <= now()) {
      remove(id);
      return undefined;
    }
    const pending = row.pending;
    if (pending && pending.leaseExpiresAt <= now()) {
      putTurn(id, pending.seq, {
        turnId: pending.turnId,
        status: 'interrupted',
        contents: pending.contents,
        reason: 'lease expired',
      });
      row.head.turnCount = pending.seq;
      row.pending = undefined;
      write(row);
    }
    return row;
  }

  function mustLive(id: string): Row {
    const row = live(id);
    if (!row) throw new SessionNotFoundError({ sessionId: id });
    return row;
  }

  function committedSeq(id: string, turnId: string): number | undefined {
    const seq = map.get(`i:${id}:${turnId}`);
    return seq === undefined ? undefined : Number(seq);
  }

  function remove(id: string): boolean {
    const existed = map.delete(`s:${id}`);
    for (const key of [...map.keys()]) {
      if (key.startsWith(`t:${id}:`) || key.startsWith(`i:${id}:`)) map.delete(key);
    }
    return existed;
  }

  /** Heads that decode (a corrupt one is skipped here; `load` names it). */
  function* heads(): Generator<SessionHead> {
    for (const key of [...map.keys()]) {
      if (!key.startsWith('s:')) continue;
      try {
        const row = live(key.slice(2));
        if (row) yield row.head;
      } catch {}
    }
  }

  function insert(session: NewSession, forkedFrom?: SessionHead['forkedFrom']): Row {
    const id = session.sessionId ?? crypto.randomUUID();
    const existing = live(id);
    if (existing) {
      throw new SessionConflictError({
        sessionId: id,
        expectedVersion: 0,
        actualVersion: existing.head.version,
      });
    }
    const { sessionId: _, turns = [], ...rest } = session;
    const created = now();
    const row: Row = {
      head: {
        ...rest,
        id,
        version: 0,
        turnCount: turns.length,
        createdAt: created,
        updatedAt: created,
      },
    };
    if (forkedFrom) row.head.forkedFrom = forkedFrom;
    for (const [i, turn] of turns.entries()) putTurn(id, i + 1, turn);
    write(row);
    return row;
  }

  function load(id: string): StoredSession | undefined {
    const row = live(id);
    if (!row) return undefined;
    const turns: StoredTurn[] = [];
    for (let seq = 1; seq <= row.head.turnCount; seq += 1) {
      const turn = readTurn(id, seq);
      if (!turn) throw new SessionCorruptError({ sessionId: id, detail: `turn ${seq} missing` });
      turns.push(turn);
    }
    return row.pending
      ? { head: row.head, turns, pending: row.pending }
      : { head: row.head, turns };
  }

  const sync: SyncSessionStore = {
    leaseMs,
    checkpointMs,

    create(session) {
      return insert(session).head;
    },

    load,

    list({ ownerId, cursor = '', limit = 50 }) {
      const ids = [...heads()]
        .filter((head) => head.ownerId === ownerId && head.id > cursor)
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      const sessions = ids.slice(0, limit);
      const last = sessions[sessions.length - 1];
      return ids.length > limit && last ? { sessions, cursor: last.id } : { sessions };
    },

    fork(id, { atTurn, sessionId, ownerId }) {
      const source = load(id);
      if (!source) throw new SessionNotFoundError({ sessionId: id });
      const { head } = source;
      if (!Number.isInteger(atTurn) || atTurn < 0 || atTurn > head.turnCount) {
        throw new RangeError(
          `fork: atTurn must be an integer from 0 to ${head.turnCount} (the turns in session "${id}"), got ${atTurn}.`,
        );
      }
      return insert(
        {
          sessionId,
          ownerId: ownerId ?? head.ownerId,
          model: head.model,
          config: head.config,
          metadata: head.metadata,
          turns: source.turns.slice(0, atTurn).map(({ seq: _, ...turn }) => turn),
        },
        { sessionId: id, atTurn },
      ).head.id;
    },

    delete(id) {
      return remove(id);
    },

    eraseOwner(ownerId) {
      let count = 0;
      for (const head of heads()) if (head.ownerId === ownerId && remove(head.id)) count += 1;
      return count;
    },

    recoverExpired() {
      let interrupted = 0;
      let expired = 0;
      for (const key of [...map.keys()]) {
        if (!key.startsWith('s:')) continue;
        const id = key.slice(2);
        try {
          const before = decode<Row>(id, key, () => true);
          const row = live(id);
          if (!row) expired += 1;
          else if (before?.pending && !row.pending) interrupted += 1;
        } catch {}
      }
      return { interrupted, expired };
    },

    close() {},

    beginTurn({ sessionId: id, expectedVersion, turnId, contents, session }) {
      let row = live(id);
      if (!row) {
        if (expectedVersion !== 0) throw new SessionNotFoundError({ sessionId: id });
        if (!session)
          throw new TypeError('beginTurn: a new session (expectedVersion 0) needs `session`.');
        row = insert({ ...session, sessionId: id });
      } else if (row.pending?.turnId !== turnId) {
        const { head, pending } = row;
        // Creating a session that exists is a conflict even while it is busy: two writers
        // that both started the same session id cannot both be right.
        if (pending && expectedVersion !== 0) {
          throw new SessionBusyError({ sessionId: id, leaseExpiresAt: pending.leaseExpiresAt });
        }
        if (committedSeq(id, turnId) !== undefined) {
          throw new SessionConflictError({
            sessionId: id,
            message: `Turn "${turnId}" is already committed in session "${id}"; nothing was written. Use a new turn id for a new send.`,
          });
        }
        if (head.version !== expectedVersion) {
          throw new SessionConflictError({
            sessionId: id,
            expectedVersion,
            actualVersion: head.version,
          });
        }
      }
      // A retried begin of the pending turn only renews its lease.
      const renew = row.pending !== undefined;
      const leaseExpiresAt = now() + leaseMs;
      const pending = row.pending ?? {
        turnId,
        seq: row.head.turnCount + 1,
        contents,
        leaseExpiresAt,
      };
      pending.leaseExpiresAt = leaseExpiresAt;
      row.pending = pending;
      write(row, !renew);
      return {
        version: row.head.version,
        seq: pending.seq,
        leaseExpiresAt: pending.leaseExpiresAt,
      };
    },

    checkpoint({ sessionId: id, turnId, contents }) {
      const row = mustLive(id);
      const pending = row.pending;
      if (pending?.turnId !== turnId) throw lostLease(id, turnId);
      pending.contents = contents;
      pending.leaseExpiresAt = now() + leaseMs;
      write(row, false);
      return { leaseExpiresAt: pending.leaseExpiresAt };
    },

    commitTurn({ sessionId: id, turn }) {
      const row = mustLive(id);
      const seq = committedSeq(id, turn.turnId);
      const stored = seq === undefined ? undefined : readTurn(id, seq);
      // A retried commit is a no-op; a commit after recovery stored the turn as interrupted is not.
      if (stored?.status === turn.status) return { version: row.head.version, turn: stored };
      const pending = row.pending;
      if (stored || pending?.turnId !== turn.turnId) throw lostLease(id, turn.turnId);
      const committed = putTurn(id, pending.seq, turn);
      row.head.turnCount = pending.seq;
      row.pending = undefined;
      write(row);
      return { version: row.head.version, turn: committed };
    },

    releaseTurn({ sessionId: id, turnId }) {
      const row = mustLive(id);
      if (row.pending?.turnId === turnId) {
        row.pending = undefined;
        write(row);
      }
      return { version: row.head.version };
    },
  };
  // The async face runs the same synchronous code: a throw becomes a rejection.
  const store = { sync } as Record<string, unknown>;
  for (const [key, value] of Object.entries(sync)) {
    store[key] =
      typeof value === 'function'
        ? (...args: unknown[]) =>
            new Promise((resolve) => resolve((value as (...a: unknown[]) => unknown)(...args)))
        : value;
  }
  return store as unknown as SessionStore;
}

function lostLease(sessionId: string, turnId: string): SessionConflictError {
  return new SessionConflictError({
    sessionId,
    message: `Turn "${turnId}" no longer holds session "${sessionId}": its lease expired and the turn was recovered, or it was released. Nothing was written; load the session again.`,
  });
}
