import type { SessionHead, StoredTurn } from '@colloquy/chat-core';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  type Harness,
  readEvents,
  type SseEvent,
  type StoreName,
  sseEvents,
  textOf,
  waitFor,
} from '../__fixtures__/handler-harness';

const REPLY = 'one two three four five six';
/** A reply slow enough to act on while it streams (40 chunks). */
const LONG = Array.from({ length: 40 }, (_, i) => `w${i}`).join(' ');

/** Every field a test reads from the handler's JSON bodies. */
interface Body {
  error: { name: string; message: string };
  sessionId: string;
  sessions: SessionHead[];
  cursor: string;
  session: SessionHead;
  turns: StoredTurn[];
  pending?: { turn: number };
}
const json = async (response: Response) => (await response.json()) as Body;
const doneOf = (events: SseEvent[]) => JSON.parse(events.at(-1)?.data ?? '{}');

describe.each<StoreName>(['memory', 'sqlite'])(
  'createChatHandler with the %s store',
  (storeName) => {
    let h: Harness;
    const start = (options: Parameters<typeof createHarness>[1] = {}) => {
      h = createHarness(storeName, options);
      return h;
    };
    afterEach(async () => {
      await h?.close();
    });

    describe('sessions', () => {
      it('GET /info tells the provider and models, nothing else', async () => {
        start({ handler: { models: ['mock-1', 'mock-2'] } });
        const response = await h.call('GET', '/api/info');
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({
          provider: 'mock',
          model: 'mock-1',
          models: ['mock-1', 'mock-2'],
        });
      });

      it('POST /sessions creates the session at once, listed with 0 turns for its owner only', async () => {
        start();
        const response = await h.call('POST', '/api/sessions', {
          body: {
            config: { temperature: 0.5, systemInstruction: 'Be brief.' },
            metadata: { a: 1 },
          },
        });
        expect(response.status).toBe(201);
        const { sessionId } = await json(response);
        expect(response.headers.get('location')).toBe(`/api/sessions/${sessionId}`);
        const list = await json(await h.call('GET', '/api/sessions'));
        expect(list.sessions).toHaveLength(1);
        expect(list.sessions[0]).toMatchObject({ id: sessionId, turnCount: 0, metadata: { a: 1 } });
        expect(
          (await json(await h.call('GET', '/api/sessions', { owner: 'bob' }))).sessions,
        ).toEqual([]);
        const got = await json(await h.call('GET', `/api/sessions/${sessionId}`));
        expect(got.session.config).toEqual({ temperature: 0.5, systemInstruction: 'Be brief.' });
        expect(got.turns).toEqual([]);
      });

      it('GET /sessions pages with limit and cursor', async () => {
        start();
        for (let i = 0; i < 3; i++) await h.createSession();
        const first = await json(await h.call('GET', '/api/sessions?limit=2'));
        expect(first.sessions).toHaveLength(2);
        const rest = await json(
          await h.call('GET', `/api/sessions?limit=2&cursor=${encodeURIComponent(first.cursor)}`),
        );
        expect(rest.sessions).toHaveLength(1);
        const bad = await h.call('GET', '/api/sessions?limit=0');
        expect(bad.status).toBe(400);
      });

      it.each([
        [{ model: 'gpt-9' }, /model "gpt-9" is not offered/],
        [{ config: { tools: [] } }, /config\.tools is not a field clients may set/],
        [{ config: { httpOptions: { headers: {} } } }, /config\.httpOptions is not a field/],
        [{ config: { temperature: 'hot' } }, /config\.temperature/],
        [{ owner: 'x' }, /owner is not a field of this request/],
      ])('POST /sessions %j is 400 naming what to fix', async (body, message) => {
        start();
        const response = await h.call('POST', '/api/sessions', { body });
        expect(response.status).toBe(400);
        const { error } = await json(response);
        expect(error.name).toBe('InvalidRequestError');
        expect(error.message).toMatch(message);
        expect((await json(await h.call('GET', '/api/sessions'))).sessions).toEqual([]);
      });

      it('fork copies turns for the same owner; atTurn past the end is 400', async () => {
        start({ script: [{ text: REPLY }] });
        const id = await h.createSession();
        await readEvents(sseEvents(await h.send(id, 'hi')));
        const fork = await h.call('POST', `/api/sessions/${id}/fork`, { body: {} });
        expect(fork.status).toBe(201);
        const { sessionId } = await json(fork);
        const got = await json(await h.call('GET', `/api/sessions/${sessionId}`));
        expect(got.turns).toHaveLength(1);
        expect(got.session.forkedFrom).toEqual({ sessionId: id, atTurn: 1 });
        const empty = await json(
          await h.call('POST', `/api/sessions/${id}/fork`, { body: { atTurn: 0 } }),
        );
        expect((await json(await h.call('GET', `/api/sessions/${empty.sessionId}`))).turns).toEqual(
          [],
        );
        const bad = await h.call('POST', `/api/sessions/${id}/fork`, { body: { atTurn: 2 } });
        expect(bad.status).toBe(400);
      });

      it('DELETE removes the session and its stream', async () => {
        start({ script: [{ text: REPLY }] });
        const id = await h.createSession();
        await readEvents(sseEvents(await h.send(id, 'hi')));
        const response = await h.call('DELETE', `/api/sessions/${id}`);
        expect(response.status).toBe(204);
        expect((await h.call('GET', `/api/sessions/${id}`)).status).toBe(404);
        expect(await h.log.latest(id)).toBeUndefined();
      });
    });

    describe('sending', () => {
      it('streams the reply as numbered chunk events, then done with the stored turn', async () => {
        start({ script: [{ text: REPLY }] });
        const id = await h.createSession();
        const response = await h.send(id, 'hello');
        expect(response.status).toBe(200);
        expect(response.headers.get('content-type')).toBe('text/event-stream');
        expect(response.headers.get('cache-control')).toBe('no-cache, no-transform');
        expect(response.headers.get('x-accel-buffering')).toBe('no');
        expect(response.headers.get('x-colloquy-turn')).toBe('1');
        const events = await readEvents(sseEvents(response));
        expect(events.map((e) => e.id)).toEqual(['1.1', '1.2', '1.3', '1.4', '1.5', '1.6', '1.7']);
        expect(events.map((e) => e.event)).toEqual([...Array(6).fill('chunk'), 'done']);
        expect(textOf(events)).toBe(REPLY);
        const done = doneOf(events);
        expect(done).toMatchObject({
          seq: 1,
          status: 'complete',
          provider: 'mock',
          model: 'mock-1',
        });
        const got = await json(await h.call('GET', `/api/sessions/${id}`));
        expect(got.turns).toEqual([done]);
        expect(got.pending).toBeUndefined();
      });

      it('takes a message as parts, and a second turn is numbered 2', async () => {
        start({ script: [{ text: 'a' }, { text: 'b' }] });
        const id = await h.createSession();
        await readEvents(sseEvents(await h.send(id, [{ text: 'one' }])));
        const response = await h.send(id, [{ text: 'two' }]);
        expect(response.headers.get('x-colloquy-turn')).toBe('2');
        const events = await readEvents(sseEvents(response));
        expect(events.map((e) => e.id)).toEqual(['2.1', '2.2']);
        expect(h.mock.requests[1]?.contents.at(-1)).toEqual({
          role: 'user',
          parts: [{ text: 'two' }],
        });
      });

      it.each([
        ['malformed JSON', '{"message": ', /not valid JSON/],
        ['no message', {}, /message/],
        ['an empty message', { message: '' }, /message/],
        ['a number', { message: 5 }, /message/],
        ['a function response part', { message: [{ functionResponse: { name: 'f' } }] }, /message/],
        ['an unknown field', { message: 'hi', config: {} }, /config is not a field/],
      ])('%s is 400 and sends nothing', async (_, body, message) => {
        start();
        const id = await h.createSession();
        const response = await h.call('POST', `/api/sessions/${id}/messages`, { body });
        expect(response.status).toBe(400);
        const { error } = await json(response);
        expect(error).toMatchObject({
          name: 'InvalidRequestError',
          message: expect.stringMatching(message),
        });
        expect(h.mock.requests).toHaveLength(0);
      });

      it('a body over maxBodyBytes is 413; a non-JSON body is 415', async () => {
        start({ handler: { maxBodyBytes: 100 } });
        const id = await h.createSession();
        const big = await h.send(id, 'x'.repeat(200));
        expect(big.status).toBe(413);
        expect((await json(big)).error.name).toBe('PayloadTooLargeError');
        const text = await h.call('POST', `/api/sessions/${id}/messages`, {
          body: 'hello',
          headers: { 'content-type': 'text/plain' },
        });
        expect(text.status).toBe(415);
        expect(h.mock.requests).toHaveLength(0);
      });

      it('a second send while a turn runs is 409, before any stream', async () => {
        start({ script: { turns: [{ text: LONG }, { text: 'x' }], chunkDelayMs: 20 } });
        const id = await h.createSession();
        const first = sseEvents(await h.send(id, 'first'));
        await readEvents(first, 1);
        const second = await h.send(id, 'second');
        expect(second.status).toBe(409);
        expect((await json(second)).error.name).toBe('SessionBusyError');
        await h.call('POST', `/api/sessions/${id}/cancel`);
        await readEvents(first);
      });

      it('caps open streams per owner: 429 past maxStreamsPerOwner, freed when a stream ends', async () => {
        start({
          script: { turns: [{ text: LONG }, { text: 'x' }, { text: 'y' }], chunkDelayMs: 20 },
          handler: { maxStreamsPerOwner: 1 },
        });
        const a = await h.createSession();
        const b = await h.createSession();
        const reader = sseEvents(await h.send(a, 'first'));
        await readEvents(reader, 1);
        const over = await h.send(b, 'second');
        expect(over.status).toBe(429);
        expect((await json(over)).error.name).toBe('TooManyStreamsError');
        const bob = await h.createSession('bob');
        expect((await h.send(bob, 'hi', { owner: 'bob' })).status).toBe(200);
        await reader.cancel();
        const after = await h.send(b, 'third');
        expect(after.status).toBe(200);
        await readEvents(sseEvents(after));
      });

      it('sends a keep-alive comment while the stream is idle', async () => {
        start({
          script: [{ text: 'slow reply', chunkDelayMs: 300 }],
          handler: { heartbeatMs: 20 },
        });
        const id = await h.createSession();
        const response = await h.send(id, 'hi');
        const body = await response.text();
        expect(body).toContain(': keep-alive\n\n');
        expect(body).toContain('event: done');
      });
    });

    describe('resuming', () => {
      it('from every chunk boundary of a finished turn gives exactly the remaining events', async () => {
        start({ script: [{ text: REPLY }] });
        const id = await h.createSession();
        const all = await readEvents(sseEvents(await h.send(id, 'hi')));
        for (let k = 0; k < all.length - 1; k++) {
          const response = await h.call('GET', `/api/sessions/${id}/stream`, {
            headers: { 'last-event-id': `1.${k}` },
          });
          expect(response.status).toBe(200);
          const rest = await readEvents(sseEvents(response));
          expect(rest).toEqual(all.slice(k));
          expect(textOf(all.slice(0, k)) + textOf(rest)).toBe(REPLY);
        }
        const atDone = await h.call('GET', `/api/sessions/${id}/stream`, {
          headers: { 'last-event-id': `1.${all.length}` },
        });
        expect(atDone.status).toBe(204);
      });

      it('without an id replays the latest turn from its first event; ?lastEventId= works too', async () => {
        start({ script: [{ text: REPLY }] });
        const id = await h.createSession();
        const all = await readEvents(sseEvents(await h.send(id, 'hi')));
        const whole = await h.call('GET', `/api/sessions/${id}/stream`);
        expect(await readEvents(sseEvents(whole))).toEqual(all);
        const query = await h.call('GET', `/api/sessions/${id}/stream?lastEventId=1.5`);
        expect(await readEvents(sseEvents(query))).toEqual(all.slice(5));
        const bad = await h.call('GET', `/api/sessions/${id}/stream?lastEventId=five`);
        expect(bad.status).toBe(400);
      });

      it('is 204 when nothing ran, or the turn is no longer kept', async () => {
        start({ script: [{ text: REPLY }] });
        const id = await h.createSession();
        expect((await h.call('GET', `/api/sessions/${id}/stream`)).status).toBe(204);
        const missing = await h.call('GET', `/api/sessions/${id}/stream`, {
          headers: { 'last-event-id': '3.1' },
        });
        expect(missing.status).toBe(204);
      });

      it('mid-stream, at every boundary, continues the count with no merged events', async () => {
        const words = Array.from({ length: 8 }, (_, i) => `m${i}`).join(' ');
        start({ script: { turns: Array(8).fill({ text: words }), chunkDelayMs: 15 } });
        for (let k = 1; k <= 8; k++) {
          const id = await h.createSession();
          const reader = sseEvents(await h.send(id, 'go'));
          const head = await readEvents(reader, k);
          await reader.cancel();
          const response = await h.call('GET', `/api/sessions/${id}/stream`, {
            headers: { 'last-event-id': head.at(-1)?.id ?? '' },
          });
          const rest = await readEvents(sseEvents(response));
          const ids = [...head, ...rest].map((e) => e.id);
          expect(ids).toEqual(Array.from({ length: 9 }, (_, i) => `1.${i + 1}`));
          expect(textOf(head) + textOf(rest)).toBe(words);
          expect(doneOf(rest).status).toBe('complete');
        }
      });

      it('a client that disconnects does not stop the turn: it completes, is stored, and resumes', async () => {
        start({ script: { turns: [{ text: LONG }], chunkDelayMs: 10 } });
        const id = await h.createSession();
        const reader = sseEvents(await h.send(id, 'go'));
        const head = await readEvents(reader, 2);
        await reader.cancel();
        await waitFor(
          async () => (await json(await h.call('GET', `/api/sessions/${id}`))).turns.length === 1,
        );
        const got = await json(await h.call('GET', `/api/sessions/${id}`));
        expect(got.turns[0]).toMatchObject({ status: 'complete' });
        const rest = await readEvents(
          sseEvents(
            await h.call('GET', `/api/sessions/${id}/stream`, {
              headers: { 'last-event-id': '1.2' },
            }),
          ),
        );
        expect(textOf(head) + textOf(rest)).toBe(LONG);
      });

      it('a crashed producer: once its lease expires, the reader records done interrupted', async () => {
        let clock = Date.now();
        start({ script: [{ text: 'next reply' }], store: { leaseMs: 1_000, now: () => clock } });
        const id = await h.createSession();
        // A producer that began its turn and logged one chunk, then died.
        const head = (await h.store.load(id))?.head;
        await h.store.beginTurn({
          sessionId: id,
          expectedVersion: head?.version ?? 0,
          turnId: 'crashed',
          contents: [{ role: 'user', parts: [{ text: 'hello?' }] }],
        });
        const chunk = { candidates: [{ content: { role: 'model', parts: [{ text: 'par' }] } }] };
        await h.log.append(id, 1, { n: 1, event: 'chunk', data: JSON.stringify(chunk) });
        const reader = sseEvents(await h.call('GET', `/api/sessions/${id}/stream`));
        expect((await readEvents(reader, 1))[0]?.id).toBe('1.1');
        clock += 5_000;
        const rest = await readEvents(reader);
        expect(rest.map((e) => [e.id, e.event])).toEqual([['1.2', 'done']]);
        expect(doneOf(rest)).toMatchObject({ seq: 1, turnId: 'crashed', status: 'interrupted' });
        const next = await readEvents(sseEvents(await h.send(id, 'again')));
        expect(next[0]?.id).toBe('2.1');
        expect(doneOf(next).status).toBe('complete');
      });
    });

    describe('idempotency and cancel', () => {
      it('a retried POST with the same Idempotency-Key gets the same turn and sends once', async () => {
        start({ script: { turns: [{ text: REPLY }, { text: 'never' }], chunkDelayMs: 5 } });
        const id = await h.createSession();
        const headers = { 'idempotency-key': 'k-1' };
        const [a, b] = await Promise.all([
          h.send(id, 'hi', { headers }),
          h.send(id, 'hi', { headers }),
        ]);
        expect(a.headers.get('x-colloquy-turn')).toBe('1');
        expect(b.headers.get('x-colloquy-turn')).toBe('1');
        const first = await readEvents(sseEvents(a));
        expect(await readEvents(sseEvents(b))).toEqual(first);
        const later = await readEvents(sseEvents(await h.send(id, 'hi', { headers })));
        expect(later).toEqual(first);
        expect(h.mock.requests).toHaveLength(1);
        expect((await json(await h.call('GET', `/api/sessions/${id}`))).turns).toHaveLength(1);
      });

      it('a retry after the turn left the log is 409, pointing to the stored turn', async () => {
        start({ script: [{ text: REPLY }], log: { retainMs: 1 } });
        const id = await h.createSession();
        const headers = { 'idempotency-key': 'k-3' };
        await readEvents(sseEvents(await h.send(id, 'hi', { headers })));
        await waitFor(async () => (await h.log.latest(id)) === undefined);
        const retry = await h.send(id, 'hi', { headers });
        expect(retry.status).toBe(409);
        const { error } = await json(retry);
        expect(error.name).toBe('StreamGoneError');
        expect(error.message).toMatch(/turn 1, which is stored/);
        expect(h.mock.requests).toHaveLength(1);
      });

      it('a key whose send failed before its turn began can be retried', async () => {
        start({ script: [{ error: { name: 'ServerError', status: 503 } }, { text: REPLY }] });
        const id = await h.createSession();
        const headers = { 'idempotency-key': 'k-2' };
        const failed = await h.send(id, 'hi', { headers });
        expect(failed.status).toBe(503);
        const retried = await h.send(id, 'hi', { headers });
        expect(retried.status).toBe(200);
        expect(textOf(await readEvents(sseEvents(retried)))).toBe(REPLY);
      });

      it('cancel aborts the turn: done interrupted, no error event; with nothing running, 409', async () => {
        start({ script: { turns: [{ text: LONG }], chunkDelayMs: 20 } });
        const id = await h.createSession();
        const reader = sseEvents(await h.send(id, 'go'));
        await readEvents(reader, 1);
        const running = await json(await h.call('GET', `/api/sessions/${id}`));
        expect(running.pending).toMatchObject({ turn: 1 });
        const cancel = await h.call('POST', `/api/sessions/${id}/cancel`);
        expect(cancel.status).toBe(202);
        expect(await cancel.json()).toEqual({ turn: 1 });
        const rest = await readEvents(reader);
        expect(rest.map((e) => e.event)).not.toContain('error');
        expect(rest.at(-1)?.event).toBe('done');
        expect(doneOf(rest).status).toBe('interrupted');
        expect(textOf(rest).length).toBeLessThan(LONG.length);
        const again = await h.call('POST', `/api/sessions/${id}/cancel`);
        expect(again.status).toBe(409);
        expect((await json(again)).error.name).toBe('NoRunningTurnError');
      });

      it('a cancel before the reply began ends the send with 409, records nothing, frees the session', async () => {
        start({ script: [{ text: REPLY, delayMs: 60_000 }, { text: REPLY }] });
        const id = await h.createSession();
        const sending = h.send(id, 'hi');
        await waitFor(
          async () =>
            (await json(await h.call('GET', `/api/sessions/${id}`))).pending !== undefined,
        );
        expect((await h.call('POST', `/api/sessions/${id}/cancel`)).status).toBe(202);
        const response = await sending;
        expect(response.status).toBe(409);
        expect((await json(response)).error.name).toBe('AbortError');
        const got = await json(await h.call('GET', `/api/sessions/${id}`));
        expect(got.turns).toEqual([]);
        expect(got.pending).toBeUndefined();
        expect(textOf(await readEvents(sseEvents(await h.send(id, 'again'))))).toBe(REPLY);
      });

      it('a provider failure after the stream began is an error event, then done interrupted', async () => {
        start({ script: [{ text: REPLY, failAfterChunks: 2 }] });
        const id = await h.createSession();
        const events = await readEvents(sseEvents(await h.send(id, 'go')));
        expect(events.map((e) => e.event)).toEqual(['chunk', 'chunk', 'error', 'done']);
        expect(JSON.parse(events[2]?.data ?? '')).toMatchObject({ name: 'StreamInterruptedError' });
        expect(doneOf(events).status).toBe('interrupted');
      });
    });

    describe('security', () => {
      it('no owner is 401', async () => {
        start();
        const response = await h.call('GET', '/api/sessions', { owner: null });
        expect(response.status).toBe(401);
        expect((await json(response)).error.name).toBe('UnauthorizedError');
      });

      it("another owner's session is 404 on every :id route, and nothing runs", async () => {
        start({ script: [{ text: REPLY }] });
        const id = await h.createSession('alice');
        const routes: [string, string, unknown?][] = [
          ['GET', ''],
          ['DELETE', ''],
          ['POST', '/messages', { message: 'hi' }],
          ['GET', '/stream'],
          ['POST', '/cancel'],
          ['POST', '/fork', {}],
        ];
        for (const [method, suffix, body] of routes) {
          const response = await h.call(method, `/api/sessions/${id}${suffix}`, {
            owner: 'bob',
            body,
          });
          expect(response.status, `${method} ${suffix}`).toBe(404);
          const { error } = await json(response);
          expect(error.name).toBe('SessionNotFoundError');
          const missing = await h.call(method, `/api/sessions/nope${suffix}`, {
            owner: 'bob',
            body,
          });
          expect(await json(missing)).toEqual({
            error: { ...error, message: error.message.replace(id, 'nope') },
          });
          expect(JSON.stringify(error)).not.toContain('alice');
        }
        expect(h.mock.requests).toHaveLength(0);
        expect((await h.call('GET', `/api/sessions/${id}`)).status).toBe(200);
      });

      it('unknown routes are 404 JSON, wrong methods 405 with Allow', async () => {
        start();
        for (const path of ['/api/nope', '/api', '/other/sessions', '/api/sessions/x/y/z']) {
          const response = await h.call('GET', path);
          expect(response.status, path).toBe(404);
          expect((await json(response)).error.name).toBe('RouteNotFoundError');
        }
        const response = await h.call('PUT', '/api/sessions');
        expect(response.status).toBe(405);
        expect(response.headers.get('allow')).toBe('GET, POST');
        expect((await json(response)).error.name).toBe('MethodNotAllowedError');
      });
    });
  },
);
