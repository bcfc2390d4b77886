import type { SessionStore } from '@colloquy/chat-core';
import type { StreamEvent, StreamLog } from '../stream-log/stream-log';
import { publicTurn } from './public-turn';

export interface ReadTurnOptions {
  log: StreamLog;
  store: SessionStore;
  sessionId: string;
  turn: number;
  /** The last event the client has (0: none). */
  after: number;
  signal: AbortSignal;
}

/** Resolves `'idle'` after `ms` unless cleared. */
function idleTimer(ms: number): [Promise<'idle'>, () => void] {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const idle = new Promise<'idle'>((resolve) => {
    timer = setTimeout(resolve, ms, 'idle');
  });
  return [idle, () => clearTimeout(timer)];
}

/**
 * The turn's events after `after`, live, ending after `done`. While the log is quiet it asks
 * the store now and then whether the turn was committed without a `done` in the log: its
 * producer died and the store recovered the turn (as interrupted) once its lease expired.
 * The reader then appends that `done` itself; the log's event numbering makes this safe
 * against the producer or another reader doing the same.
 */
export async function* readTurn(options: ReadTurnOptions): AsyncGenerator<StreamEvent> {
  const { log, store, sessionId, turn } = options;
  const probeMs = Math.max(250, store.leaseMs / 3);
  const inner = new AbortController();
  const stop = () => inner.abort();
  options.signal.addEventListener('abort', stop, { once: true });
  const events = log.read(sessionId, turn, options.after, inner.signal)[Symbol.asyncIterator]();
  try {
    let next = events.next();
    for (;;) {
      const [idle, clear] = idleTimer(probeMs);
      const got = await Promise.race([next, idle]).finally(clear);
      if (got === 'idle') {
        if (inner.signal.aborted) return;
        await recordCrashedTurn(log, store, sessionId, turn);
        continue;
      }
      if (got.done) return;
      yield got.value;
      if (got.value.event === 'done') return;
      next = events.next();
    }
  } finally {
    options.signal.removeEventListener('abort', stop);
    inner.abort();
    // The pending next() ends once its read sees the abort; return() is queued behind it.
    events.return?.().catch(() => {});
  }
}

async function recordCrashedTurn(
  log: StreamLog,
  store: SessionStore,
  sessionId: string,
  turn: number,
): Promise<void> {
  const stored = await store.load(sessionId);
  const record = stored?.turns.find((t) => t.seq === turn);
  if (!record) return;
  const last = await log.lastEvent(sessionId, turn);
  await log.append(sessionId, turn, {
    n: last + 1,
    event: 'done',
    data: JSON.stringify(publicTurn(record)),
  });
}
