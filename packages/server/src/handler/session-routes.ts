import { SessionNotFoundError } from '@colloquy/chat-core';
import { InvalidRequestError } from '../errors/request-errors';
import type { HandlerContext, RouteCall } from './handler-context';
import { jsonResponse } from './json-response';
import { publicTurn } from './public-turn';
import { readJsonBody } from './read-json-body';
import { createSessionBody, forkBody, parseBody } from './request-schemas';

/** The session, when it exists and is the owner's; else `SessionNotFoundError` (404) either way. */
export async function ownedSession(ctx: HandlerContext, sessionId: string, ownerId: string) {
  const stored = await ctx.store.load(sessionId);
  if (!stored || stored.head.ownerId !== ownerId) throw new SessionNotFoundError({ sessionId });
  return stored;
}

function created({ ctx }: RouteCall, sessionId: string): Response {
  const location = `${ctx.basePath}/sessions/${encodeURIComponent(sessionId)}`;
  return jsonResponse(201, { sessionId }, { Location: location });
}

export function info({ ctx }: RouteCall): Response {
  return jsonResponse(200, { provider: ctx.chats.provider, model: ctx.model, models: ctx.models });
}

export async function createSession(call: RouteCall): Promise<Response> {
  const { ctx, ownerId } = call;
  const body = parseBody(
    createSessionBody,
    await readJsonBody(call.request, ctx.maxBodyBytes),
    'session',
  );
  const model = body.model ?? ctx.model;
  if (!ctx.models.includes(model)) {
    throw new InvalidRequestError(
      `Bad session: model ${JSON.stringify(model.slice(0, 100))} is not offered here (choose one of: ${ctx.models.join(', ')}).`,
    );
  }
  const head = await ctx.store.create({
    ownerId,
    model,
    ...(body.config && { config: body.config }),
    ...(body.metadata && { metadata: body.metadata }),
  });
  return created(call, head.id);
}

export async function listSessions({ ctx, url, ownerId }: RouteCall): Promise<Response> {
  const limitText = url.searchParams.get('limit');
  const limit = limitText === null ? undefined : Number(limitText);
  if (limit !== undefined && !(Number.isInteger(limit) && limit >= 1 && limit <= 100)) {
    throw new InvalidRequestError('Bad query: limit must be a whole number from 1 to 100.');
  }
  const cursor = url.searchParams.get('cursor') ?? undefined;
  const page = await ctx.store.list({
    ownerId,
    ...(cursor !== undefined && { cursor }),
    ...(limit !== undefined && { limit }),
  });
  return jsonResponse(200, page);
}

export async function getSession({ ctx, ownerId, sessionId }: RouteCall): Promise<Response> {
  const { head, turns, pending } = await ownedSession(ctx, sessionId, ownerId);
  return jsonResponse(200, {
    session: head,
    turns: turns.map(publicTurn),
    ...(pending && { pending: { turn: pending.seq, contents: pending.contents } }),
  });
}

export async function forkSession(call: RouteCall): Promise<Response> {
  const { ctx, ownerId, sessionId } = call;
  const { head } = await ownedSession(ctx, sessionId, ownerId);
  const body = parseBody(forkBody, await readJsonBody(call.request, ctx.maxBodyBytes), 'fork');
  const atTurn = body.atTurn ?? head.turnCount;
  if (atTurn > head.turnCount) {
    throw new InvalidRequestError(
      `Bad fork: atTurn is ${atTurn} but the session has ${head.turnCount} turns.`,
    );
  }
  return created(call, await ctx.store.fork(sessionId, { atTurn, ownerId }));
}

export async function deleteSession({ ctx, ownerId, sessionId }: RouteCall): Promise<Response> {
  const { pending } = await ownedSession(ctx, sessionId, ownerId);
  // Stop a running turn first, so it does not write to a session that is gone.
  if (pending) await ctx.log.cancel(sessionId, pending.seq);
  await ctx.store.delete(sessionId);
  await ctx.log.drop(sessionId);
  return jsonResponse(204);
}
