import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createWebHandler } from './create-web-handler';

const publicDir = mkdtempSync(join(tmpdir(), 'colloquy-web-static-'));
writeFileSync(join(publicDir, 'index.html'), '<!doctype html><title>t</title>');
writeFileSync(join(publicDir, 'app.js'), 'console.log(1)');
writeFileSync(join(publicDir, 'app.css'), 'body{}');
writeFileSync(join(publicDir, 'notes.txt'), 'not served');

const seen: Request[] = [];
const handler = createWebHandler({
  publicDir,
  api: async (request) => {
    seen.push(request);
    return Response.json({ ok: true });
  },
});
const get = (path: string, headers: Record<string, string> = {}) =>
  handler(new Request(`http://localhost${path}`, { headers }));

describe('createWebHandler', () => {
  it('serves the page, bundle and styles with their content types and a strict CSP', async () => {
    for (const [path, type] of [
      ['/', 'text/html; charset=utf-8'],
      ['/app.js', 'text/javascript; charset=utf-8'],
      ['/app.css', 'text/css; charset=utf-8'],
    ] as const) {
      const response = await get(path);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("script-src 'self'");
      expect(csp).not.toContain('unsafe-inline');
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    }
    expect(await (await get('/app.js')).text()).toBe('console.log(1)');
  });

  it('gives a browser without one an HttpOnly, SameSite=Lax owner cookie with the page', async () => {
    expect((await get('/index.html')).headers.get('set-cookie')).toMatch(/^colloquy_owner=/);
    expect((await get('/app.js')).headers.get('set-cookie')).toBeNull();
    const cookie = (await get('/')).headers.get('set-cookie') ?? '';
    expect(cookie).toMatch(/^colloquy_owner=[0-9a-f-]{36};/);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    const again = await get('/', { cookie: cookie.split(';')[0] ?? '' });
    expect(again.headers.get('set-cookie')).toBeNull();
  });

  it('answers 404 outside the folder, for unlisted types and for missing files', async () => {
    expect((await get('/..%2f..%2fetc%2fpasswd')).status).toBe(404);
    expect((await get('/x%2f..%2f..%2fapp.js')).status).toBe(404);
    expect((await get('/notes.txt')).status).toBe(404);
    expect((await get('/missing.js')).status).toBe(404);
  });

  it('sends /api requests to the chat API untouched, and refuses other methods on pages', async () => {
    const response = await handler(
      new Request('http://localhost/api/sessions', { method: 'POST', body: '{}' }),
    );
    expect(await response.json()).toEqual({ ok: true });
    expect(new URL(seen.at(-1)?.url ?? '').pathname).toBe('/api/sessions');
    expect((await handler(new Request('http://localhost/', { method: 'POST' }))).status).toBe(405);
  });
});
