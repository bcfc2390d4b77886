import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { type FakeServerThread, startFakeServerThread } from './fake-server-thread';
import { postJson } from './testing/post-json';
import { providerTargets } from './testing/provider-targets';

// The thread's worker imports this package by name, so these tests run against its build.
const gemini = providerTargets.gemini;
const anthropic = providerTargets.anthropic;
let thread: FakeServerThread;

beforeAll(async () => {
  thread = await startFakeServerThread({ gemini: {}, anthropic: { apiKey: 'other-key' } });
});
afterEach(async () => {
  await thread.reset();
});
afterAll(async () => {
  await thread.close();
});

it('serves each named fake with its own options, and no other', async () => {
  expect(thread.baseUrlFor('gemini')).toBe(thread.url);
  expect(() => thread.baseUrlFor('openai')).toThrow(/no 'openai' fake/);
  await expect(thread.enqueue('openai', { text: 'x' })).rejects.toThrow(/no 'openai' fake/);

  // The anthropic fake wants its own key, not the default one.
  const refused = await postJson(
    `${thread.baseUrlFor('anthropic')}${anthropic.path(false)}`,
    anthropic.headers,
    anthropic.body(false),
  );
  expect(refused.status).toBe(401);
  const [request] = await thread.requests('anthropic');
  expect(request).toMatchObject({ authorized: false, headers: { 'x-api-key': '[redacted]' } });
});

it('answers with the queued replies in order, then reports none pending', async () => {
  await thread.enqueue(
    'gemini',
    { text: 'first' },
    { error: { name: 'ServerError', status: 503, providerMessage: 'busy' } },
  );
  expect(await thread.pending('gemini')).toBe(2);
  const url = `${thread.url}${gemini.path(false)}`;

  const first = await postJson(url, gemini.headers, gemini.body(false));
  expect((await first.json()).candidates[0].content.parts[0].text).toBe('first');
  const second = await postJson(url, gemini.headers, gemini.body(false, 'again'));
  expect(second.status).toBe(503);
  expect(await thread.pending('gemini')).toBe(0);
  const requests = await thread.requests('gemini');
  expect(requests.map((request) => request.parsed?.messages.at(-1)?.text)).toEqual([
    'Hi there',
    'again',
  ]);
});

it('replays a recorded answer byte for byte', async () => {
  const body = 'data: {"candidates":[{"content":{"parts":[{"text":"as recorded"}]}}]}\r\n\r\n';
  await thread.enqueue('gemini', {
    recorded: { status: 200, contentType: 'text/event-stream', body },
  });
  const response = await postJson(
    `${thread.url}${gemini.path(true)}`,
    gemini.headers,
    gemini.body(true),
  );
  expect(response.headers.get('content-type')).toBe('text/event-stream');
  expect(await response.text()).toBe(body);
});

it('rejects a malformed reply when it is queued', async () => {
  await expect(thread.enqueue('gemini', { recorded: { status: 200 } } as never)).rejects.toThrow(
    /recorded needs a contentType and a body/,
  );
});

it('forgets queued replies and logged requests on reset', async () => {
  await thread.enqueue('gemini', { text: 'unused' });
  await postJson(`${thread.url}${gemini.path(false)}`, {}, gemini.body(false));
  await thread.reset();
  expect(await thread.pending('gemini')).toBe(0);
  expect(await thread.requests('gemini')).toEqual([]);
});
