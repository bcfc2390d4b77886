import { MethodNotAllowedError, RouteNotFoundError } from '../errors/request-errors';

export type RouteName =
  | 'info'
  | 'createSession'
  | 'listSessions'
  | 'getSession'
  | 'deleteSession'
  | 'sendMessage'
  | 'resumeStream'
  | 'cancelTurn'
  | 'forkSession';

/** Path shapes (`:id` a session id) and their route by method. */
const TABLE: [string[], Record<string, RouteName>][] = [
  [['info'], { GET: 'info' }],
  [['sessions'], { GET: 'listSessions', POST: 'createSession' }],
  [['sessions', ':id'], { GET: 'getSession', DELETE: 'deleteSession' }],
  [['sessions', ':id', 'messages'], { POST: 'sendMessage' }],
  [['sessions', ':id', 'stream'], { GET: 'resumeStream' }],
  [['sessions', ':id', 'cancel'], { POST: 'cancelTurn' }],
  [['sessions', ':id', 'fork'], { POST: 'forkSession' }],
];

/**
 * The route of `method` on `pathname` under `basePath`, with the session id if the path has
 * one. `RouteNotFoundError` when no path matches, `MethodNotAllowedError` when the path does.
 */
export function matchRoute(
  method: string,
  pathname: string,
  basePath: string,
): { name: RouteName; sessionId?: string } {
  const rest = pathname.startsWith(basePath) ? pathname.slice(basePath.length) : undefined;
  const segments = rest?.startsWith('/') ? rest.slice(1).replace(/\/$/, '').split('/') : [];
  for (const [shape, methods] of TABLE) {
    if (shape.length !== segments.length) continue;
    let sessionId: string | undefined;
    const fits = shape.every((part, i) => {
      if (part !== ':id') return part === segments[i];
      try {
        sessionId = decodeURIComponent(segments[i] ?? '');
      } catch {
        return false;
      }
      return sessionId.length > 0 && sessionId.length <= 200;
    });
    if (!fits) continue;
    const name = methods[method];
    if (!name) throw new MethodNotAllowedError(method, Object.keys(methods));
    return sessionId === undefined ? { name } : { name, sessionId };
  }
  throw new RouteNotFoundError(pathname);
}
