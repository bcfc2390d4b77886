import type { Part } from '@colloquy/chat-core';
import { InvalidRequestError, NoRunningTurnError } from '../errors/request-errors';
import { StreamGoneError } from '../errors/stream-gone-error';
import { colloquyEncoder } from './event-encoder';
import type { RouteCall } from './handler-context';
import { idempotentTurn } from './idempotent-turn';
import { jsonResponse } from './json-response';
import { readJsonBody } from './read-json-body';
import { readTurn } from './read-turn';
import { parseBody, sendMessageBody, uiMessagesBody } from './request-schemas';
import { runTurn } from './run-turn';
import { ownedSession } from './session-routes';
import { sseResponse } from './sse-response';
import { uiMessageEncoder } from './ui-message-encoder';

/** The SSE response reading `turn` after event `after`; frees the stream slot when it ends. */
function turnStream(call: RouteCall, turn: number, after: number, free: () => void): Response {
  const { ctx, sessionId } = call;
  const abort = new AbortController();
  return sseResponse({
    turn,
    events: readTurn({
      log: ctx.log,
      store: ctx.store,
      sessionId,
      turn,
      after,
      signal: abort.signal,
      onError: ctx.onError,
    }),
    encoder: ctx.protocol === 'ai-sdk' ? uiMessageEncoder(sessionId, turn) : colloquyEncoder(turn),
    heartbeatMs: ctx.heartbeatMs,
    abort,
    onClose: free,
    onError: ctx.onError,
  });
}

/** The message of the body: `{ message }`, or with the AI SDK protocol `useChat`'s body. */
async function messageOf(call: RouteCall): Promise<string | Part[]> {
  const body = await readJsonBody(call.request, call.ctx.maxBodyBytes);
  const ui = typeof body === 'object' && body !== null && 'messages' in body;
  if (call.ctx.protocol !== 'ai-sdk' || !ui) {
    return parseBody(sendMessageBody, body, 'message').message as string | Part[];
  }
  const { messages } = parseBody(uiMessagesBody, body, 'messages');
  const last = [...messages].reverse().find((m) => m.role === 'user');
  const text = last?.parts.map((p) => (p.type === 'text' ? (p.text ?? '') : '')).join('');
  if (!text) {
    throw new InvalidRequestError('Bad messages: the last user message has no text part.');
  }
  return text;
}

function idempotencyKeyOf(request: Request): string | undefined {
  const key = request.headers.get('idempotency-key') ?? undefined;
  if (key !== undefined && (key.length === 0 || key.length > 200)) {
    throw new InvalidRequestError('Bad Idempotency-Key: give 1 to 200 characters.');
  }
  return key;
}

export async function sendMessage(call: RouteCall): Promise<Response> {
  const { ctx, ownerId, sessionId } = call;
  await ownedSession(ctx, sessionId, ownerId);
  const message = await messageOf(call);
  const key = idempotencyKeyOf(call.request);
  const free = ctx.slots.take(ownerId);
  try {
    const start = () =>
      runTurn({
        chats: ctx.chats,
        log: ctx.log,
        config: ctx.config,
        sessionId,
        message,
        onError: ctx.onError,
      });
    const { turn, replay } = key
      ? await idempotentTurn(ctx.log, sessionId, key, ctx.idempotencyTtlMs, start)
      : { turn: await start(), replay: false };
    if (replay && (await ctx.log.lastEvent(sessionId, turn)) === 0) {
      throw new StreamGoneError({
        sessionId,
        turn,
        message: `This Idempotency-Key's request already ran as turn ${turn}, which is stored, but its stream is no longer kept. GET the session to read the turn.`,
      });
    }
    return turnStream(call, turn, 0, free);
  } catch (error) {
    free();
    throw error;
  }
}

/** `<turn>.<n>` from `Last-Event-ID` (or `?lastEventId=`, for EventSource's first connect). */
function lastEventIdOf(call: RouteCall): { turn: number; after: number } | undefined {
  const text =
    call.request.headers.get('last-event-id') ?? call.url.searchParams.get('lastEventId');
  if (text === null || text === '') return undefined;
  const match = /^(\d{1,9})\.(\d{1,9})$/.exec(text);
  if (!match) {
    throw new InvalidRequestError(
      'Bad Last-Event-ID: give the id of the last event received, as <turn>.<n>.',
    );
  }
  return { turn: Number(match[1]), after: Number(match[2]) };
}

export async function resumeStream(call: RouteCall): Promise<Response> {
  const { ctx, ownerId, sessionId } = call;
  await ownedSession(ctx, sessionId, ownerId);
  const given = lastEventIdOf(call);
  const latest = await ctx.log.latest(sessionId);
  let from: { turn: number; after: number };
  if (given) {
    const held = await ctx.log.lastEvent(sessionId, given.turn);
    // Only the latest turn can still be running.
    const finished = latest?.turn !== given.turn || latest.finished;
    if (held === 0 || (finished && given.after >= held)) return jsonResponse(204);
    from = given;
  } else {
    // useChat resumes only a stream still running; a finished turn it has already.
    if (!latest || (ctx.protocol === 'ai-sdk' && latest.finished)) return jsonResponse(204);
    from = { turn: latest.turn, after: 0 };
  }
  const free = ctx.slots.take(ownerId);
  return turnStream(call, from.turn, from.after, free);
}

export async function cancelTurn({ ctx, ownerId, sessionId }: RouteCall): Promise<Response> {
  const { pending } = await ownedSession(ctx, sessionId, ownerId);
  if (!pending) throw new NoRunningTurnError();
  await ctx.log.cancel(sessionId, pending.seq);
  return jsonResponse(202, { turn: pending.seq });
}
