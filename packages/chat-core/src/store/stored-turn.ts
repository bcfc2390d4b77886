import type { TurnRecord } from '../history/turn-record';

/**
 * A turn as a session store keeps it: the chat's `TurnRecord` plus where it sits and what
 * produced it. Order comes from `seq` only, never from timestamps.
 */
export interface StoredTurn extends TurnRecord {
  /** Position in the session: 1, 2, 3, ... with no gaps. */
  seq: number;
  /** Unique within the session; a retried write with the same id is a no-op. */
  turnId: string;
}

/** A turn to record, before the store gives it its `seq`. */
export type TurnInput = Omit<StoredTurn, 'seq'>;
