import { SessionBusyError } from '@colloquy/chat-core';
import type { StreamLog } from '../stream-log/stream-log';

const WAIT_MS = 10_000;
const POLL_MS = 100;

/**
 * Runs `start` once per `Idempotency-Key`: the first request with the key sends and records
 * `turn:<n>`; a retry gets that turn's number to replay, waiting (up to ten seconds) while
 * the first is still starting. A send that fails before its turn began frees the key.
 */
export async function idempotentTurn(
  log: StreamLog,
  sessionId: string,
  key: string,
  ttlMs: number,
  start: () => Promise<number>,
): Promise<{ turn: number; replay: boolean }> {
  const mine = `pending:${crypto.randomUUID()}`;
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    const held = await log.claim(sessionId, key, mine, ttlMs);
    if (held === undefined) break;
    if (held.startsWith('turn:')) return { turn: Number(held.slice(5)), replay: true };
    if (Date.now() > deadline) {
      throw new SessionBusyError({
        sessionId,
        leaseExpiresAt: deadline,
        message:
          "An earlier request with this Idempotency-Key is still starting its turn. Retry in a moment to get that turn's stream.",
      });
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  let turn: number;
  try {
    turn = await start();
  } catch (error) {
    await log.forget(sessionId, key);
    throw error;
  }
  await log.settle(sessionId, key, `turn:${turn}`);
  return { turn, replay: false };
}
