import { StreamGoneError } from '../errors/stream-gone-error';
import type { StreamEvent, StreamLog, StreamLogOptions, TurnPointer } from './stream-log';

interface TurnState {
  /** The kept events, oldest first; `maxEvents` trims from the front. */
  events: StreamEvent[];
  last: number;
  finished: boolean;
  /** Readers waiting for the next event (or the turn being dropped). */
  wakers: Set<() => void>;
  timer?: ReturnType<typeof setTimeout>;
}

interface KeyState {
  value: string;
  timer: ReturnType<typeof setTimeout>;
}

interface SessionState {
  turns: Map<number, TurnState>;
  latest?: number;
  keys: Map<string, KeyState>;
}

/**
 * The stream log for one server instance: events live in this process's memory, readers are
 * woken on append, and a finished turn is dropped `retainMs` after its `done`. For several
 * instances use `createRedisStreamLog` from `@colloquy/server/redis`.
 */
export function createMemoryStreamLog(options: StreamLogOptions = {}): StreamLog {
  const retainMs = options.retainMs ?? 60_000;
  const maxEvents = options.maxEvents ?? 100_000;
  const sessions = new Map<string, SessionState>();
  const cancelListeners = new Map<string, Set<() => void>>();
  let closed = false;

  const session = (id: string): SessionState => {
    let s = sessions.get(id);
    if (!s) {
      s = { turns: new Map(), keys: new Map() };
      sessions.set(id, s);
    }
    return s;
  };

  // Timers are unref'd: a retained turn or key never keeps the process alive.
  const later = (ms: number, fn: () => void) => {
    const timer = setTimeout(fn, ms);
    timer.unref?.();
    return timer;
  };

  function wake(turn: TurnState): void {
    const wakers = [...turn.wakers];
    turn.wakers.clear();
    for (const w of wakers) w();
  }

  function pruneSession(id: string): void {
    const s = sessions.get(id);
    if (s && s.turns.size === 0 && s.keys.size === 0) sessions.delete(id);
  }

  function dropTurn(id: string, n: number): void {
    const s = sessions.get(id);
    const turn = s?.turns.get(n);
    if (!s || !turn) return;
    clearTimeout(turn.timer);
    s.turns.delete(n);
    if (s.latest === n) s.latest = undefined;
    wake(turn);
    pruneSession(id);
  }

  async function* read(
    sessionId: string,
    turnNumber: number,
    after: number,
    signal: AbortSignal,
  ): AsyncGenerator<StreamEvent> {
    const gone = () => new StreamGoneError({ sessionId, turn: turnNumber });
    const turn = sessions.get(sessionId)?.turns.get(turnNumber);
    if (!turn) throw gone();
    let next = after + 1;
    // One abort listener for the whole read, not one per wait: it wakes the current wait.
    let waiting: (() => void) | undefined;
    const onAbort = () => waiting?.();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      while (!signal.aborted && !closed) {
        if (sessions.get(sessionId)?.turns.get(turnNumber) !== turn) throw gone();
        const first = turn.events[0]?.n ?? turn.last + 1;
        if (next < first) throw gone();
        // Copy the pending slice: appends during our yields land in the next round.
        const pending = turn.events.slice(next - first);
        for (const event of pending) {
          yield event;
          next = event.n + 1;
          if (event.event === 'done') return;
        }
        if (pending.length > 0) continue;
        if (turn.finished) return;
        await new Promise<void>((resolve) => {
          waiting = () => {
            turn.wakers.delete(waiting as () => void);
            waiting = undefined;
            resolve();
          };
          turn.wakers.add(waiting);
        });
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (waiting) turn.wakers.delete(waiting);
    }
  }

  return {
    async append(sessionId, turnNumber, event) {
      if (closed) return false;
      const s = session(sessionId);
      let turn = s.turns.get(turnNumber);
      if (!turn) {
        if (event.n !== 1) return false;
        turn = { events: [], last: 0, finished: false, wakers: new Set() };
        s.turns.set(turnNumber, turn);
      }
      if (turn.finished || event.n !== turn.last + 1) return false;
      turn.events.push({ n: event.n, event: event.event, data: event.data });
      if (turn.events.length > maxEvents) turn.events.shift();
      turn.last = event.n;
      s.latest = turnNumber;
      if (event.event === 'done') {
        turn.finished = true;
        turn.timer = later(retainMs, () => dropTurn(sessionId, turnNumber));
      }
      wake(turn);
      return true;
    },

    read,

    async latest(sessionId): Promise<TurnPointer | undefined> {
      const s = sessions.get(sessionId);
      const turn = s?.latest === undefined ? undefined : s.turns.get(s.latest);
      if (!s || s.latest === undefined || !turn) return undefined;
      return { turn: s.latest, finished: turn.finished };
    },

    async lastEvent(sessionId, turnNumber) {
      return sessions.get(sessionId)?.turns.get(turnNumber)?.last ?? 0;
    },

    async cancel(sessionId, turnNumber) {
      for (const listener of [...(cancelListeners.get(`${sessionId}\n${turnNumber}`) ?? [])]) {
        listener();
      }
    },

    async onCancel(sessionId, turnNumber, listener) {
      const key = `${sessionId}\n${turnNumber}`;
      let set = cancelListeners.get(key);
      if (!set) {
        set = new Set();
        cancelListeners.set(key, set);
      }
      // Wrapped so the same function subscribed twice is two subscriptions.
      const entry = () => listener();
      set.add(entry);
      return async () => {
        set.delete(entry);
        if (set.size === 0 && cancelListeners.get(key) === set) cancelListeners.delete(key);
      };
    },

    async claim(sessionId, key, value, ttlMs) {
      const s = session(sessionId);
      const held = s.keys.get(key);
      if (held) return held.value;
      const timer = later(ttlMs, () => {
        if (s.keys.get(key) === entry) s.keys.delete(key);
        pruneSession(sessionId);
      });
      const entry: KeyState = { value, timer };
      s.keys.set(key, entry);
      return undefined;
    },

    async settle(sessionId, key, value) {
      const held = sessions.get(sessionId)?.keys.get(key);
      if (held) held.value = value;
    },

    async forget(sessionId, key) {
      const s = sessions.get(sessionId);
      const held = s?.keys.get(key);
      if (!s || !held) return;
      clearTimeout(held.timer);
      s.keys.delete(key);
      pruneSession(sessionId);
    },

    async drop(sessionId) {
      const s = sessions.get(sessionId);
      if (!s) return;
      for (const held of s.keys.values()) clearTimeout(held.timer);
      s.keys.clear();
      for (const n of [...s.turns.keys()]) dropTurn(sessionId, n);
      sessions.delete(sessionId);
    },

    async close() {
      closed = true;
      for (const s of sessions.values()) {
        for (const turn of s.turns.values()) {
          clearTimeout(turn.timer);
          wake(turn);
        }
        for (const held of s.keys.values()) clearTimeout(held.timer);
      }
      sessions.clear();
      cancelListeners.clear();
    },
  };
}
