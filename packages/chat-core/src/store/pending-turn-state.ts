import type { Content } from '../types/content';

/** The turn in flight in a session, held by a lease. At most one per session. */
export interface PendingTurnState {
  turnId: string;
  /** The `seq` the turn will get when committed. */
  seq: number;
  /** The last checkpointed contents: the user input, then whatever output was saved since. */
  contents: Content[];
  /** After this time the writer is presumed dead and the turn is recovered as `interrupted`. */
  leaseExpiresAt: number;
}
