import { afterEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  type Harness,
  readEvents,
  sseEvents,
  textOf,
  waitFor,
} from './__fixtures__/handler-harness';
import { type NodeServer, serveNode } from './node';

const LONG = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');

describe('serveNode', () => {
  let h: Harness;
  let server: NodeServer | undefined;
  afterEach(async () => {
    await server?.close();
    await h?.close();
  });

  it('serves the handler over HTTP; a client that hangs up does not stop the turn', async () => {
    h = createHarness('memory', { script: { turns: [{ text: LONG }], chunkDelayMs: 10 } });
    server = await serveNode(h.handler, { port: 0 });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const headers = { 'x-owner': 'alice', 'content-type': 'application/json' };
    const created = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers,
      body: '{}',
    });
    expect(created.status).toBe(201);
    const { sessionId } = (await created.json()) as { sessionId: string };

    const hangUp = new AbortController();
    const response = await fetch(`${server.url}/api/sessions/${sessionId}/messages`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ message: 'go' }),
      signal: hangUp.signal,
    });
    expect(response.status).toBe(200);
    const reader = sseEvents(response);
    const head = await readEvents(reader, 2);
    expect(head.map((e) => e.id)).toEqual(['1.1', '1.2']);
    hangUp.abort();
    await reader.cancel().catch(() => {});

    await waitFor(async () => (await h.store.load(sessionId))?.turns.length === 1);
    expect((await h.store.load(sessionId))?.turns[0]?.status).toBe('complete');
    const resumed = await fetch(`${server.url}/api/sessions/${sessionId}/stream`, {
      headers: { ...headers, 'last-event-id': '1.2' },
    });
    const rest = await readEvents(sseEvents(resumed));
    expect(textOf(head) + textOf(rest)).toBe(LONG);
    expect(rest.at(-1)?.event).toBe('done');
  });

  it('answers unknown routes with a JSON 404', async () => {
    h = createHarness('memory');
    server = await serveNode(h.handler);
    const response = await fetch(`${server.url}/nope`, { headers: { 'x-owner': 'alice' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
  });
});
