// The README's Node example ("A server in a few lines") and its two curl calls, kept here so
// that they cannot rot. Only the database path (a temp dir) and the port (any free one) differ.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncChats } from '@colloquy/chat-core';
import { createMockAsyncModels } from '@colloquy/provider-mock';
import { createSqliteStore } from '@colloquy/store-sqlite';
import { afterAll, expect, it } from 'vitest';
import { createChatHandler } from './index';
import { serveNode } from './node';

const dir = mkdtempSync(join(tmpdir(), 'colloquy-server-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('serves a session and streams its reply', async () => {
  const store = createSqliteStore({ path: join(dir, 'sessions.db') });
  const chats = new AsyncChats(createMockAsyncModels(), { store });
  const handler = createChatHandler({
    chats,
    model: 'mock-1',
    basePath: '/api',
    authenticate: (request) => request.headers.get('x-user-id') ?? undefined,
  });
  const server = await serveNode(handler, { port: 0 });
  try {
    const headers = { 'x-user-id': 'u1', 'content-type': 'application/json' };
    const created = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers,
      body: '{}',
    });
    const { sessionId } = (await created.json()) as { sessionId: string };
    const reply = await fetch(`${server.url}/api/sessions/${sessionId}/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ message: 'hello' }),
    });
    const text = await reply.text();
    expect(text).toMatch(/^id: 1\.1\nevent: chunk\ndata: \{/);
    expect(text).toContain('Mock reply 1: you said \\"hello\\".');
    expect(text).toMatch(/event: done\ndata: \{.*"status":"complete"/);
  } finally {
    await server.close();
    await store.close();
  }
});
