import { HttpResponse, http } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { createFakeProvider } from './fake-provider';
import { decodeAll, postJson, readChunks, sseFrames } from './testing/post-json';
import { providerTargets } from './testing/provider-targets';
import { useFakeProviders } from './with-msw';

const anthropic = createFakeProvider('anthropic');
const openai = createFakeProvider('openai');
const server = useFakeProviders(anthropic, openai);
const target = providerTargets.anthropic;
const url = (stream: boolean) => `https://api.anthropic.com${target.path(stream)}`;
const call = (stream: boolean, text?: string) =>
  postJson(url(stream), target.headers, target.body(stream, text));

describe('msw handlers', () => {
  it('match the endpoint on any origin', async () => {
    const response = await postJson(
      'http://gateway.example.test/v1/messages',
      target.headers,
      target.body(false),
    );
    expect(response.status).toBe(200);
    expect(anthropic.requests).toHaveLength(1);
    expect(openai.requests).toHaveLength(0);
  });

  // Runs right after a test that logged a request and before one that checks the queue is empty again.
  it('start each test with an empty queue and log (afterEach reset)', async () => {
    expect(anthropic.pending).toBe(0);
    expect(anthropic.requests).toHaveLength(0);
    anthropic.enqueue({ text: 'left over' });
  });

  it('let other requests fall through to later handlers', async () => {
    expect(anthropic.pending).toBe(0); // the previous test's left-over reply was reset
    server.use(
      http.post('https://api.anthropic.com/v1/other', () => HttpResponse.json({ other: true })),
    );
    const response = await postJson('https://api.anthropic.com/v1/other', {}, {});
    expect(await response.json()).toEqual({ other: true });
    expect(anthropic.requests).toHaveLength(0);
  });

  it('a ConnectionError turn: fetch rejects', async () => {
    anthropic.enqueue({ error: { name: 'ConnectionError' } });
    await expect(call(true)).rejects.toThrow(TypeError);
  });

  it('failAfterChunks: the opening events and N chunks, then the body errors', async () => {
    anthropic.enqueue({ text: 'one two three', failAfterChunks: 1 });
    const { chunks, error } = await readChunks(await call(true));
    expect(error).toBeInstanceOf(TypeError);
    // message_start, content_block_start, ping, then one text delta.
    expect(sseFrames(decodeAll(chunks))).toHaveLength(4);
  });

  it('split-utf8: one chunk ends inside a multibyte character', async () => {
    anthropic.enqueue({ fault: 'split-utf8', delayMs: 5 });
    const { chunks } = await readChunks(await call(true));
    const strict = new TextDecoder('utf-8', { fatal: true });
    expect(
      chunks.some((chunk) => {
        try {
          strict.decode(chunk);
          return false;
        } catch {
          return true;
        }
      }),
    ).toBe(true);
    expect(decodeAll(chunks)).toContain('Grüße');
  });

  it('stall-mid-stream: the next chunk waits for the stall (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      anthropic.enqueue({ fault: 'stall-mid-stream', afterEvents: 1, stallMs: 10_000 });
      const response = await call(true);
      const reader = response.body?.getReader();
      if (reader === undefined) throw new Error('no body');
      const first = await reader.read();
      expect(Buffer.from(first.value ?? []).toString()).toContain('event: message_start');
      let second: ReadableStreamReadResult<Uint8Array> | undefined;
      const pending = reader.read().then((result) => {
        second = result;
      });
      await vi.advanceTimersByTimeAsync(9_999);
      expect(second).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      await pending;
      expect(Buffer.from(second?.value ?? []).toString()).toContain('event: content_block_start');
      await reader.cancel();
    } finally {
      vi.useRealTimers();
    }
  });

  it("a turn's delayMs: the response waits for it (fake timers)", async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      anthropic.enqueue({ text: 'late', delayMs: 5_000 });
      let response: Response | undefined;
      const pending = call(false).then((value) => {
        response = value;
      });
      await vi.advanceTimersByTimeAsync(4_999);
      expect(response).toBeUndefined();
      await vi.advanceTimersByTimeAsync(1);
      await pending;
      expect((await response?.json())?.content).toEqual([{ type: 'text', text: 'late' }]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('let a client cancel a body it stops reading (msw clone workaround)', async () => {
    anthropic.enqueue({ text: 'one two three', chunks: ['one', ' two', ' three'] });
    const reader = (await call(true)).body?.getReader();
    await reader?.read();
    await expect(reader?.cancel()).resolves.toBeUndefined();
  });

  it('html-error, empty-body and echo-key behave as on the real server', async () => {
    anthropic.enqueue(
      { fault: 'html-error', status: 503 },
      { fault: 'empty-body' },
      { fault: 'echo-key' },
    );
    const html = await call(false);
    expect(html.status).toBe(503);
    expect(await html.text()).toContain('<h1>503 Service Unavailable</h1>');
    expect(await (await call(false)).text()).toBe('');
    expect((await (await call(false)).json()).error.message).toBe('invalid x-api-key: test-key');
  });
});
