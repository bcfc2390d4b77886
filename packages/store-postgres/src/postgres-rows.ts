import {
  type PendingTurnState,
  SessionCorruptError,
  type SessionHead,
  type StoredTurn,
  type TurnInput,
} from '@colloquy/chat-core';

/** A `colloquy_sessions` row as pg returns it (BIGINT columns come back as strings). */
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

/** A `colloquy_turns` row. */
export interface TurnRow {
  seq: number;
  turn_id: string;
  record: string;
}

/** A session decoded: what the store's logic works on. */
export interface Session {
  head: SessionHead;
  pending?: PendingTurnState;
}

const STATUSES = ['history', 'complete', 'invalid', 'interrupted'];

function parse(sessionId: string, what: string, text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {}
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new SessionCorruptError({ sessionId, detail: `${what} is not a JSON object` });
  }
  return value as Record<string, unknown>;
}

export function decodeSession(row: SessionRow): Session {
  const fields = parse(row.id, 'the head', row.head);
  if (typeof fields.model !== 'string') {
    throw new SessionCorruptError({ sessionId: row.id, detail: 'the head has no model' });
  }
  const head: SessionHead = {
    id: row.id,
    ...(row.owner_id === null ? {} : { ownerId: row.owner_id }),
    ...(fields as Pick<SessionHead, 'model' | 'config' | 'metadata' | 'forkedFrom'>),
    version: row.version,
    turnCount: row.turn_count,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
    ...(row.expires_at === null ? {} : { expiresAt: Number(row.expires_at) }),
  };
  if (row.pending_turn_id === null) return { head };
  let contents: unknown;
  try {
    contents = JSON.parse(row.pending_contents ?? '');
  } catch {}
  if (!Array.isArray(contents)) {
    throw new SessionCorruptError({
      sessionId: row.id,
      detail: 'the pending turn does not decode',
    });
  }
  return {
    head,
    pending: {
      turnId: row.pending_turn_id,
      seq: row.pending_seq ?? 0,
      contents,
      leaseExpiresAt: Number(row.lease_expires_at ?? 0),
    },
  };
}

/** The head's JSON column: what is not a column of its own. */
export function encodeHead(head: SessionHead): string {
  const { model, config, metadata, forkedFrom } = head;
  return JSON.stringify({ model, config, metadata, forkedFrom });
}

export function decodeTurn(sessionId: string, row: TurnRow): StoredTurn {
  const record = parse(sessionId, `turn ${row.seq}`, row.record);
  if (!STATUSES.includes(record.status as string) || !Array.isArray(record.contents)) {
    throw new SessionCorruptError({ sessionId, detail: `turn ${row.seq} is not a turn record` });
  }
  return { ...(record as Omit<StoredTurn, 'seq' | 'turnId'>), turnId: row.turn_id, seq: row.seq };
}

export function encodeTurn(turn: TurnInput): string {
  const { turnId: _, ...record } = turn;
  return JSON.stringify(record);
}
