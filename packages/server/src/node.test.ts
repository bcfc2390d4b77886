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
    // One stream per owner: the resume below gets its slot only once the server has seen
    // the hang-up, so the test shows the disconnect reached the handler, not just the socket.
    h = createHarness('memory', {
      script: { turns: [{ text: LONG }], chunkDelayMs: 20 },
      handler: { maxStreamsPerOwner: 1 },
    });
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

    let resumed: Response | undefined;
    await waitFor(async () => {
      resumed = await fetch(`${server?.url}/api/sessions/${sessionId}/stream`, {
        headers: { ...headers, 'last-event-id': '1.2' },
      });
      if (resumed.status === 429) await resumed.body?.cancel();
      return resumed.status !== 429;
    });
    expect(resumed?.status).toBe(200);
    const rest = await readEvents(sseEvents(resumed as Response));
    expect(rest[0]?.id).toBe('1.3');
    expect(textOf(head) + textOf(rest)).toBe(LONG);
    expect(JSON.parse(rest.at(-1)?.data ?? '{}').status).toBe('complete');
    expect((await h.store.load(sessionId))?.turns[0]?.status).toBe('complete');
  });

  it('answers unknown routes with a JSON 404', async () => {
    h = createHarness('memory');
    server = await serveNode(h.handler);
    const response = await fetch(`${server.url}/nope`, { headers: { 'x-owner': 'alice' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toMatch(/application\/json/);
  });
});
