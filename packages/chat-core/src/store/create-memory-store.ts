import { SessionCorruptError } from '../errors/session-corrupt-error';
import { SessionNotFoundError } from '../errors/session-not-found-error';
import { createSessionRules } from './kit/create-session-rules';
import { listPage } from './kit/list-page';
import { isTurnRecord } from './kit/session-codec';
import type { SessionState } from './kit/session-state';
import { createConflict } from './kit/store-errors';
import { withAsyncFace } from './kit/with-async-face';
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

/**
 * The reference session store: in memory, for tests and browsers. Data is kept as JSON
 * text, so what `load` returns never shares objects with what was written and a stored
 * value that does not decode is refused like it would be in a database. Synchronous inside:
 * `store.sync` is its blocking face, for `Chat`. The session logic is the store kit's
 * (`createSessionRules`), as in every store; this file is only the Map.
 */
export function createMemoryStore(options: MemoryStoreOptions = {}): SessionStore {
  const rules = createSessionRules(options);
  const { leaseMs, checkpointMs } = rules;
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
    decode<StoredTurn>(id, turnKey(id, seq), (t) => t.seq === seq && isTurnRecord(t));

  function put(row: SessionState): void {
    map.set(`s:${row.head.id}`, JSON.stringify(row));
  }

  function write(row: SessionState, change = true): void {
    rules.touch(row.head, change);
    put(row);
  }

  function putTurn(id: string, seq: number, turn: TurnInput): StoredTurn {
    const stored = { ...turn, seq } as StoredTurn;
    map.set(turnKey(id, seq), JSON.stringify(stored));
    map.set(`i:${id}:${turn.turnId}`, String(seq));
    return stored;
  }

  /** The row of a live session, with an expired lease recovered; undefined if none. */
  function live(id: string): SessionState | undefined {
    const row = decode<SessionState>(
      id,
      `s:${id}`,
      (r) =>
        typeof r.head?.version === 'number' &&
        typeof r.head.model === 'string' &&
        Number.isInteger(r.head.turnCount),
    );
    if (!row) return undefined;
    if (rules.expired(row.head.expiresAt)) {
      remove(id);
      return undefined;
    }
    const interrupted = rules.recoverLease(row);
    if (interrupted) {
      putTurn(id, interrupted.seq, interrupted);
      write(row);
    }
    return row;
  }

  function mustLive(id: string): SessionState {
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

  function insert(session: NewSession, forkedFrom?: SessionHead['forkedFrom']): SessionState {
    const id = session.sessionId ?? crypto.randomUUID();
    const existing = live(id);
    if (existing) throw createConflict(id, existing.head.version);
    const row: SessionState = { head: rules.newHead(id, session, forkedFrom) };
    for (const [i, turn] of (session.turns ?? []).entries()) putTurn(id, i + 1, turn);
    put(row);
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
      const owned = [...heads()]
        .filter((head) => head.ownerId === ownerId && head.id > cursor)
        .sort((a, b) => (a.id < b.id ? -1 : 1));
      return listPage(owned, limit, (head) => head);
    },

    fork(id, params) {
      const source = load(id);
      if (!source) throw new SessionNotFoundError({ sessionId: id });
      const { session, forkedFrom } = rules.fork(source, params);
      return insert(session, forkedFrom).head.id;
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
          const before = decode<SessionState>(id, key, () => true);
          const row = live(id);
          if (!row) expired += 1;
          else if (before?.pending && !row.pending) interrupted += 1;
        } catch {}
      }
      return { interrupted, expired };
    },

    close() {},

    beginTurn(params) {
      const { sessionId: id, turnId, contents } = params;
      let row = live(id);
      if (rules.checkBegin(row, params, committedSeq(id, turnId) !== undefined) === 'create') {
        row = insert({ ...params.session, sessionId: id } as NewSession);
      }
      const state = row as SessionState;
      write(state, rules.takeLease(state, turnId, contents));
      return rules.began(state);
    },

    checkpoint({ sessionId: id, turnId, contents }) {
      const row = mustLive(id);
      const renewed = rules.checkpoint(row, turnId, contents);
      write(row, false);
      return renewed;
    },

    commitTurn({ sessionId: id, turn }) {
      const row = mustLive(id);
      const seq = committedSeq(id, turn.turnId);
      const stored = seq === undefined ? undefined : readTurn(id, seq);
      const decided = rules.commit(row, turn, stored);
      if (decided.write) {
        putTurn(id, decided.turn.seq, turn);
        write(row);
      }
      return { version: row.head.version, turn: decided.turn };
    },

    releaseTurn({ sessionId: id, turnId }) {
      const row = mustLive(id);
      if (rules.release(row, turnId)) write(row);
      return { version: row.head.version };
    },
  };
  return withAsyncFace(sync);
}
