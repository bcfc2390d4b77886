import { newOwnerCookie, ownerOf } from './owner-cookie';
import { serveStatic } from './serve-static';

export interface WebHandlerOptions {
  /** The chat API (`createChatHandler` with `basePath: '/api'`). */
  api: (request: Request) => Promise<Response>;
  /** The built front end: index.html, the bundle and the styles. */
  publicDir: string;
}

/**
 * One fetch handler for the whole app: `/api/…` goes to the chat API, anything else is the
 * front end. A browser without an owner cookie gets one with the page, before its first API
 * call, so each browser has its own conversations without signing in.
 */
export function createWebHandler({
  api,
  publicDir,
}: WebHandlerOptions): (request: Request) => Promise<Response> {
  return async (request) => {
    const { pathname } = new URL(request.url);
    if (pathname === '/api' || pathname.startsWith('/api/')) return api(request);
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('Method not allowed', { status: 405, headers: { allow: 'GET, HEAD' } });
    }
    const response = await serveStatic(publicDir, pathname);
    const isPage = response.headers.get('content-type')?.startsWith('text/html') === true;
    if (isPage && ownerOf(request) === undefined) {
      response.headers.append('set-cookie', newOwnerCookie());
    }
    return response;
  };
}
