import {
  type PendingTurnState,
  SessionCorruptError,
  type SessionHead,
  type StoredTurn,
} from '@colloquy/chat-core';

const STATUSES = ['history', 'complete', 'invalid', 'interrupted'];

function parse(sessionId: string, what: string, text: string | undefined): unknown {
  try {
    return JSON.parse(text ?? '');
  } catch {
    throw new SessionCorruptError({ sessionId, detail: `${what} is not JSON` });
  }
}

/** A session hash, as the scripts return it (flat field/value pairs), decoded. */
export function decodeSession(
  sessionId: string,
  flat: string[],
): { head: SessionHead; pending?: PendingTurnState } {
  const s: Record<string, string> = {};
  for (let i = 0; i + 1 < flat.length; i += 2) s[flat[i] as string] = flat[i + 1] as string;
  const fields = parse(sessionId, 'the head', s.head) as Record<string, unknown> | null;
  if (fields === null || typeof fields !== 'object' || typeof fields.model !== 'string') {
    throw new SessionCorruptError({ sessionId, detail: 'the head has no model' });
  }
  const head: SessionHead = {
    id: sessionId,
    ...(s.ownerId === undefined ? {} : { ownerId: s.ownerId }),
    ...(fields as Pick<SessionHead, 'model' | 'config' | 'metadata' | 'forkedFrom'>),
    version: Number(s.version),
    turnCount: Number(s.turnCount),
    createdAt: Number(s.createdAt),
    updatedAt: Number(s.updatedAt),
    ...(s.expiresAt === undefined ? {} : { expiresAt: Number(s.expiresAt) }),
  };
  if (s.pendingTurnId === undefined) return { head };
  const contents = parse(sessionId, 'the pending turn', s.pendingContents);
  if (!Array.isArray(contents)) {
    throw new SessionCorruptError({ sessionId, detail: 'the pending turn is not a list' });
  }
  return {
    head,
    pending: {
      turnId: s.pendingTurnId,
      seq: Number(s.pendingSeq),
      contents,
      leaseExpiresAt: Number(s.leaseExpiresAt),
    },
  };
}

/** The head's JSON field: what is not a field of its own. */
export function encodeHead(
  head: Pick<SessionHead, 'model' | 'config' | 'metadata' | 'forkedFrom'>,
): string {
  const { model, config, metadata, forkedFrom } = head;
  return JSON.stringify({ model, config, metadata, forkedFrom });
}

export function decodeTurn(sessionId: string, seq: number, text: string): StoredTurn {
  const record = parse(sessionId, `turn ${seq}`, text) as Record<string, unknown> | null;
  if (
    record === null ||
    typeof record !== 'object' ||
    typeof record.turnId !== 'string' ||
    !STATUSES.includes(record.status as string) ||
    !Array.isArray(record.contents)
  ) {
    throw new SessionCorruptError({ sessionId, detail: `turn ${seq} is not a turn record` });
  }
  return { ...(record as Omit<StoredTurn, 'seq'>), seq };
}
