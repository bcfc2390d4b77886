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
  /** A failed probe of the store (the reader goes on and probes again). */
  onError(error: unknown): void;
}

/**
 * The turn's events after `after`, live, ending after `done`. While the log is quiet it asks
 * the store now and then whether the turn was committed without a `done` in the log: its
 * producer died and the store recovered the turn (as interrupted) once its lease expired.
 * The reader then appends that `done` itself, which reaches it (and every other reader)
 * through the log; the log's event numbering makes this safe against the producer or
 * another reader doing the same.
 */
export async function* readTurn(options: ReadTurnOptions): AsyncGenerator<StreamEvent> {
  const { log, store, sessionId, turn } = options;
  // One timer per reader, not one per event: most turns never need it.
  let quiet = true;
  let probing = false;
  const probe = setInterval(
    () => {
      if (quiet && !probing) {
        probing = true;
        recordCrashedTurn(log, store, sessionId, turn)
          .catch(options.onError)
          .finally(() => {
            probing = false;
          });
      }
      quiet = true;
    },
    Math.max(250, store.leaseMs / 3),
  );
  try {
    for await (const event of log.read(sessionId, turn, options.after, options.signal)) {
      quiet = false;
      yield event;
      if (event.event === 'done') return;
    }
  } finally {
    clearInterval(probe);
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
