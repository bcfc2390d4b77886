import type { PendingTurnState } from '../pending-turn-state';
import type { SessionHead } from '../session-head';

/** A live session as a store's logic works on it: the head and the turn in flight. */
export interface SessionState {
  head: SessionHead;
  pending?: PendingTurnState;
}
