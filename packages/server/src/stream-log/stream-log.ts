/**
 * One event of a turn's stream as the log keeps it. The handler writes it to the client as
 * an SSE event with `id: <turn>.<n>`.
 */
export interface StreamEvent {
  /** 1, 2, 3, ... within the turn, with no gaps: the n-th event the turn produced. */
  n: number;
  /** `chunk`: a `GenerateContentResponse`; `error`: `{ name, message }`; `done`: the turn record. */
  event: 'chunk' | 'error' | 'done';
  /** The event's data as JSON text, written as is. */
  data: string;
}

/** Where a turn stands in the log. */
export interface TurnPointer {
  /** The turn's number in its session (its `seq` in the store). */
  turn: number;
  /** Whether its `done` event has been appended. */
  finished: boolean;
}

/**
 * Where a running turn's events go so that any server instance can replay and follow them:
 * in memory for one instance (`createMemoryStreamLog`), Redis Streams for many
 * (`createRedisStreamLog`). One turn per session runs at a time; each turn's events are
 * kept while it runs and for `retainMs` after its `done`.
 *
 * Event numbers are the log's dedup key: `append` refuses an `n` that is not the turn's next
 * number, so two writers (the producer and an instance recording a crashed producer's turn
 * as interrupted) can never both land an event, and a reader never sees a duplicate.
 */
export interface StreamLog {
  /**
   * Appends the turn's next event. Resolves `false`, writing nothing, when `event.n` is not
   * the turn's next number (another writer got there first) or the turn already has its
   * `done`. Makes `turn` the session's latest turn. A `done` event starts the turn's
   * retention clock.
   */
  append(sessionId: string, turn: number, event: StreamEvent): Promise<boolean>;

  /**
   * The turn's events after number `after` (0: from the start), then each new one as it is
   * appended, ending after `done`. Ends early, without an error, when `signal` aborts.
   * Throws `StreamGoneError` when the log does not hold the turn, or no longer holds event
   * `after + 1` (expired or trimmed by the log's cap).
   */
  read(
    sessionId: string,
    turn: number,
    after: number,
    signal: AbortSignal,
  ): AsyncIterable<StreamEvent>;

  /** The session's latest turn in the log (running, or finished within `retainMs`). */
  latest(sessionId: string): Promise<TurnPointer | undefined>;

  /** The number of the turn's last event, 0 when it has none (or the log does not hold it). */
  lastEvent(sessionId: string, turn: number): Promise<number>;

  /** Asks whoever produces the turn, on any instance, to stop it (see `onCancel`). */
  cancel(sessionId: string, turn: number): Promise<void>;

  /**
   * Calls `listener` when `cancel` is called for the turn, from any instance. Resolves once
   * the subscription is live; the returned function ends it.
   */
  onCancel(sessionId: string, turn: number, listener: () => void): Promise<() => Promise<void>>;

  /**
   * Idempotency keys: records `value` under the session's `key` unless something is there
   * already, for `ttlMs`. Resolves `undefined` when this call recorded it, else the value
   * recorded before. `value` is opaque to the log.
   */
  claim(sessionId: string, key: string, value: string, ttlMs: number): Promise<string | undefined>;

  /** Replaces the value under the key (the claimant's own update); keeps the key's expiry. */
  settle(sessionId: string, key: string, value: string): Promise<void>;

  /** Drops the key (the claimant's send failed before its turn began). */
  forget(sessionId: string, key: string): Promise<void>;

  /** Drops every turn and key of the session (the session was deleted). */
  drop(sessionId: string): Promise<void>;

  close(): Promise<void>;
}

/** Options every stream log accepts. */
export interface StreamLogOptions {
  /** How long a finished turn stays resumable after its `done`. Default 60 000. */
  retainMs?: number;
  /**
   * The most events one turn keeps; past it the oldest go, and a resume from before them is
   * `StreamGoneError`. Default 100 000.
   */
  maxEvents?: number;
}
