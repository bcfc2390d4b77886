import type { Content } from '../types/content';
import { extractCuratedHistory } from './extract-curated-history';
import type { TurnRecord, TurnStatus } from './turn-record';
import { validateHistory } from './validate-history';

interface StoredTurn {
  status: TurnStatus;
  /** Range of this turn in the comprehensive history. */
  start: number;
  end: number;
  reason?: string;
}

/**
 * The two histories of a chat, kept up to date as turns are recorded (rule 4) so that a
 * send never re-derives or copies the whole history. Contents stored here are owned by
 * the history: callers hand over copies and get copies back.
 */
export class ChatHistory {
  private readonly comprehensive: Content[] = [];
  private curated: Content[] = [];
  private readonly turns: StoredTurn[] = [];

  /** A history from given contents (validated, copied, curated by rule 3). */
  static fromContents(history: readonly Content[] = []): ChatHistory {
    validateHistory(history);
    const store = new ChatHistory();
    if (history.length === 0) return store;
    const copy = structuredClone(history) as Content[];
    store.comprehensive.push(...copy);
    store.curated = extractCuratedHistory(copy);
    store.turns.push({ status: 'history', start: 0, end: copy.length });
    return store;
  }

  /** A history restored exactly from `getTurns()` output, statuses included. */
  static fromTurns(turns: readonly TurnRecord[]): ChatHistory {
    const store = new ChatHistory();
    for (const turn of turns) {
      validateHistory(turn.contents);
      const copy = structuredClone(turn.contents) as Content[];
      if (turn.status === 'history') {
        const start = store.comprehensive.length;
        store.comprehensive.push(...copy);
        store.curated.push(...extractCuratedHistory(copy));
        store.turns.push({ status: 'history', start, end: store.comprehensive.length });
      } else {
        store.record(copy, turn.status, turn.reason);
      }
    }
    return store;
  }

  /**
   * Appends one send. `contents` must be fresh objects the history may keep. Curated
   * history gains them only when the turn is `complete`.
   */
  record(contents: Content[], status: Exclude<TurnStatus, 'history'>, reason?: string): void {
    const start = this.comprehensive.length;
    for (const content of contents) this.comprehensive.push(content);
    if (status === 'complete') for (const content of contents) this.curated.push(content);
    const turn: StoredTurn = { status, start, end: this.comprehensive.length };
    if (reason !== undefined) turn.reason = reason;
    this.turns.push(turn);
  }

  /** The curated history, uncopied, for building a request. Callers must not mutate it. */
  curatedView(): readonly Content[] {
    return this.curated;
  }

  get curatedLength(): number {
    return this.curated.length;
  }

  get comprehensiveLength(): number {
    return this.comprehensive.length;
  }

  /** Copies of the comprehensive (default) or curated history. */
  get(curated = false): Content[] {
    return structuredClone(curated ? this.curated : this.comprehensive);
  }

  /** Copies of the per-send records. */
  getTurns(): TurnRecord[] {
    return this.turns.map((turn) => {
      const record: TurnRecord = {
        status: turn.status,
        contents: structuredClone(this.comprehensive.slice(turn.start, turn.end)),
      };
      if (turn.reason !== undefined) record.reason = turn.reason;
      return record;
    });
  }
}
