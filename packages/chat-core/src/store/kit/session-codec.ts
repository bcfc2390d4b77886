import { SessionCorruptError } from '../../errors/session-corrupt-error';
import type { SessionHead } from '../session-head';
import type { StoredTurn, TurnInput } from '../stored-turn';
import type { SessionState } from './session-state';

/**
 * A stored session's fields, as a backend returns them: the head's own fields as numbers or
 * numeric strings (SQL BIGINTs and Redis hash values are strings), `head` the JSON of what
 * has no field of its own (`encodeHead`), the pending turn's contents as JSON text. Absent
 * fields may be `null` or `undefined`.
 */
export interface SessionFields {
  id: string;
  ownerId?: string | null;
  version: number | string;
  turnCount: number | string;
  createdAt: number | string;
  updatedAt: number | string;
  expiresAt?: number | string | null;
  head: string | undefined;
  pendingTurnId?: string | null;
  pendingSeq?: number | string | null;
  pendingContents?: string | null;
  leaseExpiresAt?: number | string | null;
}

/** A `colloquy_sessions` row of the SQL stores' schema. */
export interface SessionRow {
  id: string;
  owner_id: string | null;
  version: number;
  turn_count: number;
  created_at: number | string;
  updated_at: number | string;
  expires_at: number | string | null;
  head: string;
  pending_turn_id: string | null;
  pending_seq: number | null;
  pending_contents: string | null;
  lease_expires_at: number | string | null;
}

/** A `colloquy_turns` row of the SQL stores' schema. */
export interface TurnRow {
  seq: number;
  turn_id: string;
  record: string;
}

const STATUSES = ['history', 'complete', 'invalid', 'interrupted'];

function parse(sessionId: string, what: string, text: string | null | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    throw new SessionCorruptError({ sessionId, detail: `${what} is not JSON` });
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Whether a decoded value has the shape of a turn record (a status the contract knows, contents). */
export function isTurnRecord(value: unknown): boolean {
  return (
    isObject(value) && STATUSES.includes(value.status as string) && Array.isArray(value.contents)
  );
}

/** A stored session decoded; `SessionCorruptError` naming the session if it does not decode. */
export function decodeSession(fields: SessionFields): SessionState {
  const sessionId = fields.id;
  const own = parse(sessionId, 'the head', fields.head);
  if (!isObject(own) || typeof own.model !== 'string') {
    throw new SessionCorruptError({ sessionId, detail: 'the head has no model' });
  }
  const head: SessionHead = {
    id: sessionId,
    ...(fields.ownerId == null ? {} : { ownerId: fields.ownerId }),
    ...(own as Pick<SessionHead, 'model' | 'config' | 'metadata' | 'forkedFrom'>),
    version: Number(fields.version),
    turnCount: Number(fields.turnCount),
    createdAt: Number(fields.createdAt),
    updatedAt: Number(fields.updatedAt),
    ...(fields.expiresAt == null ? {} : { expiresAt: Number(fields.expiresAt) }),
  };
  if (fields.pendingTurnId == null) return { head };
  const contents = parse(sessionId, 'the pending turn', fields.pendingContents);
  if (!Array.isArray(contents)) {
    throw new SessionCorruptError({ sessionId, detail: 'the pending turn is not a list' });
  }
  return {
    head,
    pending: {
      turnId: fields.pendingTurnId,
      seq: Number(fields.pendingSeq ?? 0),
      contents,
      leaseExpiresAt: Number(fields.leaseExpiresAt ?? 0),
    },
  };
}

/** A `colloquy_sessions` row decoded (`decodeSession`). */
export function decodeSessionRow(row: SessionRow): SessionState {
  return decodeSession({
    id: row.id,
    ownerId: row.owner_id,
    version: row.version,
    turnCount: row.turn_count,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
    head: row.head,
    pendingTurnId: row.pending_turn_id,
    pendingSeq: row.pending_seq,
    pendingContents: row.pending_contents,
    leaseExpiresAt: row.lease_expires_at,
  });
}

/**
 * What a write changes in a stored session (after `rules.touch`): the fields every write
 * sets, absent ones as `null` (no expiry, nothing pending), the pending contents as JSON.
 * The inverse of `decodeSession` for all but what never changes (owner, creation, `head`).
 */
export function encodeSessionWrite(state: SessionState) {
  const { head, pending } = state;
  return {
    id: head.id,
    version: head.version,
    turnCount: head.turnCount,
    updatedAt: head.updatedAt,
    expiresAt: head.expiresAt ?? null,
    pendingTurnId: pending?.turnId ?? null,
    pendingSeq: pending?.seq ?? null,
    pendingContents: pending ? JSON.stringify(pending.contents) : null,
    leaseExpiresAt: pending?.leaseExpiresAt ?? null,
  };
}

/** The head's JSON: what is not a field of its own. */
export function encodeHead(
  head: Pick<SessionHead, 'model' | 'config' | 'metadata' | 'forkedFrom'>,
): string {
  const { model, config, metadata, forkedFrom } = head;
  return JSON.stringify({ model, config, metadata, forkedFrom });
}

/**
 * A stored turn record decoded, at `seq`; the turn id from its own field when the backend
 * keeps it apart (`turnId`), else from the record. `SessionCorruptError` naming the session.
 */
export function decodeTurn(
  sessionId: string,
  seq: number,
  text: string,
  turnId?: string,
): StoredTurn {
  const record = parse(sessionId, `turn ${seq}`, text);
  const id = turnId ?? (isObject(record) ? record.turnId : undefined);
  if (!isTurnRecord(record) || typeof id !== 'string') {
    throw new SessionCorruptError({ sessionId, detail: `turn ${seq} is not a turn record` });
  }
  return { ...(record as Omit<StoredTurn, 'seq' | 'turnId'>), turnId: id, seq };
}

/** A `colloquy_turns` row decoded (`decodeTurn`). */
export function decodeTurnRow(sessionId: string, row: TurnRow): StoredTurn {
  return decodeTurn(sessionId, row.seq, row.record, row.turn_id);
}

/** A turn's record as the SQL stores keep it: the turn id has a column of its own. */
export function encodeTurn(turn: TurnInput): string {
  const { turnId: _, ...record } = turn;
  return JSON.stringify(record);
}
