import { type HttpResponseResolver, http, type RequestHandler } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { releaseResponseClones } from './release-response-clones';

/** One request an msw reply answered, for assertions. */
export interface SeenRequest<Body = unknown> {
  url: string;
  /** Lower-case names, as sent (credentials included: these are the client's own). */
  headers: Record<string, string>;
  /** The parsed JSON body, or the text when it was not JSON. */
  body: Body;
}

/** One canned answer: a function, so each request gets a fresh `Response`. */
export type MswReply = (request: Request) => Response | Promise<Response>;

export interface MswServer<Body = unknown> {
  readonly server: SetupServer;
  /** Requests answered by `reply` handlers in the current test, oldest first. */
  readonly seen: SeenRequest<Body>[];
  /**
   * For the current test: POSTs to `url` (an msw URL pattern, or a RegExp) get `replies` in
   * order, the last one repeating; each is recorded in `seen` first.
   */
  reply(url: string | RegExp, ...replies: MswReply[]): void;
}

/**
 * Registers vitest hooks for an msw server of hand-made replies, for an adapter's unit tests:
 * listen before all tests (unhandled requests fail, so nothing reaches the network), forget
 * replies and `seen` after each, close after all. For scripted provider fakes, use
 * `useFakeProviders`.
 */
export function useMswServer<Body = unknown>(): MswServer<Body> {
  const seen: SeenRequest<Body>[] = [];
  const server = mswServerForTests([], () => {
    seen.length = 0;
  });
  return {
    server,
    seen,
    reply(url, ...replies) {
      if (replies.length === 0) throw new TypeError('reply() needs at least one reply');
      let next = 0;
      const resolver: HttpResponseResolver = async ({ request }) => {
        const text = await request.clone().text();
        let body: unknown = text;
        try {
          body = JSON.parse(text);
        } catch {
          // Not JSON: keep the text.
        }
        seen.push({
          url: request.url,
          headers: Object.fromEntries(request.headers),
          body: body as Body,
        });
        const make = replies[Math.min(next++, replies.length - 1)] as MswReply;
        return make(request);
      };
      server.use(http.post(url, resolver));
    },
  };
}

/**
 * An msw server for the current file (or `describe`), with its vitest hooks: listen before
 * all tests (unhandled requests fail, so nothing reaches the network), reset the handlers and
 * run `reset` after each, close after all. Shared by `useMswServer` and `useFakeProviders`.
 */
export function mswServerForTests(handlers: RequestHandler[], reset: () => void): SetupServer {
  const server = setupServer(...handlers);
  releaseResponseClones(server);
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterEach(() => {
    server.resetHandlers();
    reset();
  });
  afterAll(() => {
    server.close();
  });
  return server;
}
