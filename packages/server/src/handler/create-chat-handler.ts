import { ConfigurationError } from '@colloquy/chat-core';
import { UnauthorizedError } from '../errors/request-errors';
import { createMemoryStreamLog } from '../stream-log/create-memory-stream-log';
import type { ChatHandler, ChatHandlerOptions } from './chat-handler-options';
import { describeError } from './describe-error';
import type { HandlerContext, RouteCall } from './handler-context';
import { jsonResponse } from './json-response';
import { matchRoute, type RouteName } from './match-route';
import * as sessions from './session-routes';
import * as streams from './stream-routes';
import { createStreamSlots } from './stream-slots';

const ROUTES: Record<RouteName, (call: RouteCall) => Response | Promise<Response>> = {
  info: sessions.info,
  createSession: sessions.createSession,
  listSessions: sessions.listSessions,
  getSession: sessions.getSession,
  deleteSession: sessions.deleteSession,
  forkSession: sessions.forkSession,
  sendMessage: streams.sendMessage,
  resumeStream: streams.resumeStream,
  cancelTurn: streams.cancelTurn,
};

function contextOf(options: ChatHandlerOptions): Omit<HandlerContext, 'onError'> {
  const store = options.chats.store;
  if (!store) {
    throw new ConfigurationError({
      message:
        'createChatHandler needs chats with a session store: new AsyncChats(models, { store }).',
    });
  }
  return {
    chats: options.chats,
    store,
    log: options.streamLog ?? createMemoryStreamLog(),
    basePath: (options.basePath ?? '').replace(/\/$/, ''),
    model: options.model,
    models: options.models ?? [options.model],
    config: options.config,
    maxBodyBytes: options.maxBodyBytes ?? 1024 * 1024,
    idempotencyTtlMs: options.idempotencyTtlMs ?? 24 * 60 * 60 * 1000,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    protocol: options.protocol ?? 'colloquy',
    slots: createStreamSlots(options.maxStreamsPerOwner ?? 8),
  };
}

/**
 * Serves `chats` over HTTP as a fetch handler: `(request) => Promise<Response>`, for any
 * server or runtime that speaks `Request`/`Response` (Node through `@colloquy/server/node`,
 * Hono, Next.js route handlers, Deno, workers). Routes, statuses and the stream format are
 * in the package README.
 */
export function createChatHandler(options: ChatHandlerOptions): ChatHandler {
  const base = contextOf(options);
  return async (request) => {
    const report = (error: unknown) => {
      try {
        options.onError?.(error, request);
      } catch {
        // A failing logger must not turn into a failed response.
      }
    };
    const ctx: HandlerContext = { ...base, onError: report };
    try {
      const url = new URL(request.url);
      const route = matchRoute(request.method, url.pathname, ctx.basePath);
      const ownerId = await options.authenticate(request);
      if (ownerId === undefined) throw new UnauthorizedError();
      return await ROUTES[route.name]({
        ctx,
        request,
        url,
        ownerId,
        sessionId: route.sessionId ?? '',
      });
    } catch (error) {
      const described = describeError(error);
      if (described.unexpected) report(error);
      return jsonResponse(
        described.status,
        { error: { name: described.name, message: described.message } },
        described.headers,
      );
    }
  };
}
