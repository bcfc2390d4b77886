import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

/**
 * Scripts and styles only from this origin, never inline: a model reply that slipped an
 * element past the sanitiser still could not run anything. Images from this origin only, and
 * the page talks to this origin's API alone.
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const SECURITY_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

function notFound(): Response {
  return new Response('Not found', {
    status: 404,
    headers: { 'content-type': 'text/plain; charset=utf-8', ...SECURITY_HEADERS },
  });
}

/**
 * Serves the front end's files from `dir`: `/` is index.html; anything outside `dir`, or of a
 * type not listed, is a 404.
 */
export async function serveStatic(dir: string, pathname: string): Promise<Response> {
  const relative = pathname === '/' ? 'index.html' : decodeURIComponent(pathname.slice(1));
  const path = normalize(join(dir, relative));
  const type = CONTENT_TYPES[extname(path)];
  if (!path.startsWith(dir + sep) || type === undefined) return notFound();
  let body: Buffer;
  try {
    body = await readFile(path);
  } catch {
    return notFound();
  }
  return new Response(new Uint8Array(body), {
    headers: {
      'content-type': type,
      // The bundle's name does not change between builds: the browser checks it each time.
      'cache-control': 'no-cache',
      ...SECURITY_HEADERS,
    },
  });
}
