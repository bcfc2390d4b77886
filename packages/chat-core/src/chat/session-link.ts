import { SessionBusyError } from '../errors/session-busy-error';
import { SessionConflictError } from '../errors/session-conflict-error';
import { SessionNotFoundError } from '../errors/session-not-found-error';
import { ChatHistory } from '../history/chat-history';
import type { SessionStore, SyncSessionStore } from '../store/session-store';
import type { StoredSession } from '../store/stored-session';
import type { StoredTurn, TurnInput } from '../store/stored-turn';
import type { Content } from '../types/content';
import type { TurnUsage } from './pending-turn';

/** What a send does when another chat has a turn in flight in its session. */
export type OnBusy = 'fail' | 'wait';

/**
 * A chat's tie to its stored session: the version it last saw. Undefined `version` means
 * the chat may differ from the store (a write failed or was refused): the next send reloads
 * the stored turns into the chat first, so memory only ever holds what the store holds.
 */
export interface SessionLink {
  store: SessionStore | SyncSessionStore;
  sessionId: string;
  onBusy: OnBusy;
  version?: number;
  /** A turn of ours a failed write may have left pending: released at the next reload. */
  orphan?: string;
  /** The session the first send creates (`chats.create` writes lazily). */
  fresh?: object;
  /** Waits between polls of a busy session: a timer (`AsyncChat`) or a blocking sleep (`Chat`). */
  sleep(ms: number): unknown;
}

/**
 * The send lifecycle is written once, as generators that `yield` each store call: the
 * async driver awaits what they yield, the blocking one hands it straight back, so
 * `AsyncChat` and `Chat` share every decision below.
 */
type Routine<T> = Generator<unknown, T, unknown>;

export async function runAsync<T>(routine: Routine<T>): Promise<T> {
  let step = routine.next();
  while (!step.done) {
    let value: unknown;
    try {
      value = await step.value;
    } catch (error) {
      step = routine.throw(error);
      continue;
    }
    step = routine.next(value);
  }
  return step.value;
}

export function runSync<T>(routine: Routine<T>): T {
  let step = routine.next();
  while (!step.done) step = routine.next(step.value);
  return step.value;
}

/** The stored turns as a history, an orphaned turn of ours released first. */
function* reload(link: SessionLink): Routine<ChatHistory> {
  const { store, sessionId, orphan } = link;
  let stored = (yield store.load(sessionId)) as StoredSession | undefined;
  if (orphan && stored?.pending?.turnId === orphan) {
    yield store.releaseTurn({ sessionId, turnId: orphan });
    stored = (yield store.load(sessionId)) as StoredSession | undefined;
  }
  if (!stored) throw new SessionNotFoundError({ sessionId });
  link.orphan = link.fresh = undefined;
  link.version = stored.head.version;
  return ChatHistory.fromTurns(stored.turns);
}

/**
 * Begins a send's turn before the model is called; returns its turn id. `adopt` replaces
 * the chat's history whenever the store's is newer (after a conflict, a wait or a failed
 * write). On `SessionBusyError` / `SessionConflictError` the chat reloads and fails, or with
 * `onBusy: 'wait'` waits for the other writer's turn to end and begins again on top of it.
 */
export function* begin(
  link: SessionLink,
  content: Content,
  adopt: (history: ChatHistory) => void,
): Routine<string> {
  const { store, sessionId } = link;
  for (;;) {
    if (link.version === undefined) adopt(yield* reload(link));
    const turnId = crypto.randomUUID();
    try {
      const began = (yield store.beginTurn({
        sessionId,
        expectedVersion: link.version as number,
        turnId,
        contents: [content],
        ...(link.fresh && { session: link.fresh as { model: string } }),
      })) as { version: number };
      link.fresh = undefined;
      link.version = began.version;
      return turnId;
    } catch (error) {
      const busy = SessionBusyError.isInstance(error);
      if (!busy && !SessionConflictError.isInstance(error)) {
        // The begin may have landed before the store failed: the next send finds out.
        lose(link, turnId);
        throw error;
      }
      link.version = undefined;
      if (link.onBusy !== 'wait') {
        adopt(yield* reload(link));
        throw error;
      }
      if (busy) {
        while (((yield store.load(sessionId)) as StoredSession | undefined)?.pending) {
          yield link.sleep(100);
        }
      }
    }
  }
}

function lose(link: SessionLink, turnId: string): void {
  link.version = undefined;
  link.orphan = turnId;
}

/**
 * Commits the send's final record, then records in `history` what the store holds (which
 * differs from `turn` when the turn was recovered as `interrupted` after its lease ran out).
 */
export function* commit(link: SessionLink, history: ChatHistory, turn: TurnInput): Routine<void> {
  try {
    const committed = (yield link.store.commitTurn({ sessionId: link.sessionId, turn })) as {
      version: number;
      turn: StoredTurn;
    };
    link.version = committed.version;
    const { status, contents, reason, ...meta } = committed.turn;
    history.record(contents, status as 'complete', reason, meta);
  } catch (error) {
    lose(link, turn.turnId);
    throw error;
  }
}

/** Drops the pending turn of a send that failed before any output. */
export function* release(link: SessionLink, turnId: string): Routine<void> {
  try {
    const released = (yield link.store.releaseTurn({ sessionId: link.sessionId, turnId })) as {
      version: number;
    };
    link.version = released.version;
  } catch {
    // The send already fails with its own error; the next send releases the turn.
    lose(link, turnId);
  }
}

/**
 * Saves the partial turn and renews the lease. Returns the error when the store refuses it
 * (the lease was lost: the send must fail); a store that cannot be reached is left to the
 * next checkpoint and, in the end, to the commit.
 */
export function* checkpoint(
  link: SessionLink,
  turnId: string,
  contents: Content[],
): Routine<unknown> {
  try {
    yield link.store.checkpoint({ sessionId: link.sessionId, turnId, contents });
  } catch (error) {
    if (SessionConflictError.isInstance(error)) return error;
  }
  return undefined;
}

/** Which model answered a send, and through which provider. */
export interface TurnOrigin {
  model: string;
  provider?: string | undefined;
}

/** The stored form of a finished send. */
export function turnInput(
  turnId: string,
  origin: TurnOrigin,
  contents: Content[],
  status: StoredTurn['status'],
  reason?: string,
  usage?: TurnUsage,
): TurnInput {
  return {
    turnId,
    status,
    contents,
    ...(reason !== undefined && { reason }),
    ...usage,
    ...(origin.provider !== undefined && { provider: origin.provider }),
    model: origin.model,
  };
}
