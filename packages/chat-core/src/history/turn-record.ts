import type { Content } from '../types/content';
import type { UsageMetadata } from '../types/generate-content-response';

/**
 * How a send ended, as recorded in the comprehensive history:
 * - `history`: contents given to `create({history})`.
 * - `complete`: a valid reply; the turn is in the curated history too.
 * - `invalid`: the reply was empty, blocked or malformed; comprehensive history only.
 * - `interrupted`: the stream failed, was aborted or was abandoned after output began;
 *   the partial reply is in the comprehensive history only.
 */
export type TurnStatus = 'history' | 'complete' | 'invalid' | 'interrupted';

/** One send's worth of contents, with how it ended. Returned as copies by `getTurns()`. */
export interface TurnRecord {
  status: TurnStatus;
  /** The user input, any function-call rounds, and the model output, in order. */
  contents: Content[];
  /** For `interrupted` turns: what interrupted them (`error.name: error.message`, or `abandoned`). */
  reason?: string;
  /**
   * Set on the turns of a chat that has a session store (see `StoredTurn`); a chat without
   * one leaves them out.
   */
  turnId?: string;
  /** Position in the stored session: 1, 2, 3, ... */
  seq?: number;
  /**
   * What the send used: with automatic function calling, the sum over its rounds (the
   * per-round counts are in `usageRounds`). Absent when the provider reported none.
   */
  usage?: UsageMetadata;
  /** Each round's usage, in order, for a send of more than one round (`{}` for a round without). */
  usageRounds?: UsageMetadata[];
  provider?: string;
  model?: string;
}
