import type { Content } from '../types/content';
import { copyData } from './copy-data';
import { extractCuratedHistory } from './extract-curated-history';
import type { TurnRecord, TurnStatus } from './turn-record';
import { validateHistory } from './validate-history';

/** Where a turn ends (exclusive) in the comprehensive history, and how it ended. */
interface TurnEnd {
  end: number;
  status: TurnStatus;
  reason?: string;
  /** A stored turn's `turnId`, `seq`, `usage`, `provider`, `model`. */
  meta?: TurnMeta;
}

/** What a session store adds to a turn record. */
export type TurnMeta = Omit<TurnRecord, 'status' | 'contents' | 'reason'>;

/**
 * The two histories of a chat, kept up to date as turns are recorded (rule 4) so that a
 * send never re-derives or copies the whole history. Contents stored here are owned by
 * the history: callers hand over copies and get copies back.
 *
 * While every turn is complete the curated history is the comprehensive array itself
 * (`curated === null`), so a long session holds its contents once.
 */
export class ChatHistory {
  private readonly comprehensive: Content[] = [];
  /** The curated history once it differs from the comprehensive one; null until then. */
  private curated: Content[] | null = null;
  private readonly turns: TurnEnd[] = [];

  /** A history from given contents (validated, copied, curated by rule 3). */
  static fromContents(history: readonly Content[] = []): ChatHistory {
    validateHistory(history);
    const store = new ChatHistory();
    if (history.length > 0) store.appendGiven(copyData(history) as Content[]);
    return store;
  }

  /** A history restored exactly from `getTurns()` output, statuses included. */
  static fromTurns(turns: readonly TurnRecord[]): ChatHistory {
    const store = new ChatHistory();
    for (const { status, contents, reason, ...meta } of turns) {
      validateHistory(contents);
      const copy = copyData(contents) as Content[];
      if (status === 'history') store.appendGiven(copy);
      else store.record(copy, status, reason);
      // Anything beyond the record itself is what a store added (turnId, seq, usage, ...).
      if (Object.keys(meta).length > 0)
        (store.turns[store.turns.length - 1] as TurnEnd).meta = copyData(meta);
    }
    return store;
  }

  private appendGiven(contents: Content[]): void {
    const curated = extractCuratedHistory(contents);
    if (curated.length !== contents.length) this.splitCurated().push(...curated);
    else if (this.curated) this.curated.push(...curated);
    for (const content of contents) this.comprehensive.push(content);
    this.turns.push({ end: this.comprehensive.length, status: 'history' });
  }

  /** Gives the curated history its own array, from the point where the two diverge. */
  private splitCurated(): Content[] {
    if (this.curated === null) this.curated = this.comprehensive.slice();
    return this.curated;
  }

  /**
   * Appends one send. `contents` must be fresh objects the history may keep. The curated
   * history gains them only when the turn is `complete`.
   */
  record(
    contents: Content[],
    status: Exclude<TurnStatus, 'history'>,
    reason?: string,
    meta?: TurnMeta,
  ): void {
    if (status !== 'complete') this.splitCurated();
    else if (this.curated) for (const content of contents) this.curated.push(content);
    for (const content of contents) this.comprehensive.push(content);
    const turn: TurnEnd = { end: this.comprehensive.length, status };
    if (reason !== undefined) turn.reason = reason;
    if (meta) turn.meta = meta;
    this.turns.push(turn);
  }

  /** The curated history, uncopied, for building a request. Callers must not mutate it. */
  curatedView(): readonly Content[] {
    return this.curated ?? this.comprehensive;
  }

  /** Copies of the comprehensive (default) or curated history. */
  get(curated = false): Content[] {
    return copyData(curated ? (this.curated ?? this.comprehensive) : this.comprehensive);
  }

  /** Copies of the per-send records. */
  getTurns(): TurnRecord[] {
    const records: TurnRecord[] = [];
    let start = 0;
    for (const { end, status, reason, meta } of this.turns) {
      const record: TurnRecord = {
        status,
        contents: copyData(this.comprehensive.slice(start, end)),
      };
      if (reason !== undefined) record.reason = reason;
      if (meta) Object.assign(record, copyData(meta));
      records.push(record);
      start = end;
    }
    return records;
  }
}
