import type { PendingTurnState } from './pending-turn-state';
import type { SessionHead } from './session-head';
import type { StoredTurn } from './stored-turn';

/** What `SessionStore.load` returns: the head, the committed turns in `seq` order, and the turn in flight. */
export interface StoredSession {
  head: SessionHead;
  turns: StoredTurn[];
  /** The turn another writer is streaming now (its lease has not expired). */
  pending?: PendingTurnState;
}
