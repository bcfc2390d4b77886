import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createFakeProvider } from './fake-provider';
import { type FakeServer, startFakeServer } from './fake-server';
import { providerNames } from './provider-name';
import { decodeAll, frameData, postJson, readChunks, sseFrames } from './testing/post-json';
import { providerTargets } from './testing/provider-targets';

const fakes = providerNames.map((name) => createFakeProvider(name));
let server: FakeServer;

beforeAll(async () => {
  server = await startFakeServer(fakes);
});
afterEach(() => {
  for (const fake of fakes) fake.reset();
});
afterAll(async () => {
  await server.close();
});

it('listens on 127.0.0.1 and gives each SDK its base URL convention', () => {
  expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(server.baseUrlFor('openai')).toBe(`${server.url}/v1`);
  expect(server.baseUrlFor('gemini')).toBe(server.url);
  expect(server.baseUrlFor('anthropic')).toBe(server.url);
});

it('answers 404 on a path no fake serves', async () => {
  const response = await postJson(`${server.url}/v2/unknown`, {}, {});
  expect(response.status).toBe(404);
  expect((await response.json()).error.message).toContain(
    'no fake provider serves POST /v2/unknown',
  );
});

describe.each(providerNames)('faults of the %s fake', (name) => {
  const target = providerTargets[name];
  const fake = fakes.find((candidate) => candidate.name === name);
  if (fake === undefined) throw new Error(`no ${name} fake`);
  const call = (stream: boolean, text?: string) =>
    postJson(
      `${server.baseUrlFor(name)}${target.path(stream)}`,
      target.headers,
      target.body(stream, text),
    );
  const frames = (text: string) => sseFrames(text, target.separator);
  /** Framed events before the first text chunk: a script counts text chunks only. */
  const preamble = fake.emulation.preambleEvents;

  it('a ConnectionError turn: fetch fails without a response', async () => {
    fake.enqueue({ error: { name: 'ConnectionError' } });
    await expect(call(true)).rejects.toThrow(TypeError);
    // The next request is served normally.
    expect((await call(false)).status).toBe(200);
  });

  it('failAfterChunks: N text chunks after the opening events, then the body errors', async () => {
    fake.enqueue({ text: 'one two three four five', failAfterChunks: 2 });
    const response = await call(true);
    expect(response.status).toBe(200);
    const { chunks, error } = await readChunks(response);
    expect(error).toBeInstanceOf(TypeError);
    expect(frames(decodeAll(chunks))).toHaveLength(preamble + 2);
  });

  it('failAfterChunks on a JSON call: half a body, then the body errors', async () => {
    fake.enqueue({ text: 'one two three', failAfterChunks: 1 });
    const { chunks, error } = await readChunks(await call(false));
    expect(error).toBeInstanceOf(TypeError);
    expect(() => JSON.parse(decodeAll(chunks))).toThrow(SyntaxError);
  });

  it('an InvalidResponseError after N chunks: that event carries cut JSON, the others parse', async () => {
    fake.enqueue({
      text: 'one two three',
      failAfterChunks: 1,
      error: { name: 'InvalidResponseError' },
    });
    const all = frames(await (await call(true)).text());
    const payload = (frame: string) =>
      frame.split(target.lineBreak).find((line) => line.startsWith('data: ')) ?? '';
    const at = preamble + 1;
    expect(() => JSON.parse(payload(all[at] ?? '').slice(6))).toThrow(SyntaxError);
    for (const frame of [...all.slice(0, at), ...all.slice(at + 1)]) {
      const data = frameData(frame ?? '', target.lineBreak);
      expect(typeof data === 'object' || data === '[DONE]').toBe(true);
    }
  });

  it('an InvalidResponseError on a JSON call: a cut body', async () => {
    fake.enqueue({ text: 'one two', failAfterChunks: 1, error: { name: 'InvalidResponseError' } });
    const response = await call(false);
    expect(response.status).toBe(200);
    await expect(response.json()).rejects.toThrow(SyntaxError);
  });

  it('split-utf8: a multibyte character arrives split across two chunks', async () => {
    fake.enqueue({ fault: 'split-utf8', delayMs: 100 });
    const { chunks, error } = await readChunks(await call(true));
    expect(error).toBeUndefined();
    const strict = new TextDecoder('utf-8', { fatal: true });
    const broken = chunks.findIndex((chunk) => {
      try {
        strict.decode(chunk);
        return false;
      } catch {
        return true;
      }
    });
    expect(broken).toBeGreaterThanOrEqual(0);
    const text = decodeAll(chunks);
    expect(text).toContain('Grüße');
    expect(target.terminated(text)).toBe(true);
  });

  it('no-terminator: the stream ends cleanly without its end marker or finish reason', async () => {
    fake.enqueue({ fault: 'no-terminator', text: 'one two' }, { text: 'one two' });
    const { chunks, error } = await readChunks(await call(true));
    expect(error).toBeUndefined();
    const cut = decodeAll(chunks);
    expect(cut).toContain('two');
    expect(target.terminated(cut)).toBe(false);
    // The control: the same reply without the fault is terminated.
    expect(target.terminated(await (await call(true)).text())).toBe(true);
  });

  it('an HTTP error class after N chunks: the provider-typical error event', async () => {
    fake.enqueue({ text: 'one two three', failAfterChunks: 1, error: { name: 'ServerError' } });
    const all = frames(await (await call(true)).text());
    expect(all).toHaveLength(preamble + 2);
    const last = all.at(-1) ?? '';
    const data = frameData(last, target.lineBreak);
    if (name === 'anthropic') {
      expect(last.startsWith('event: error\n')).toBe(true);
      expect(data).toEqual({
        type: 'error',
        error: { type: 'overloaded_error', message: 'Overloaded' },
      });
    } else if (name === 'openai') {
      expect(data).toMatchObject({ error: { type: 'server_error', code: null } });
    } else {
      expect(data).toMatchObject({ error: { code: 500, status: 'INTERNAL' } });
    }
  });

  it('an HTTP error class after N chunks on a JSON call: the same error as an HTTP status', async () => {
    fake.enqueue({
      text: 'one two',
      failAfterChunks: 1,
      error: { name: 'ServerError', providerMessage: 'Try later' },
    });
    const response = await call(false);
    expect(response.status).toBe(name === 'anthropic' ? 529 : 500);
    expect(JSON.stringify(await response.json())).toContain('Try later');
  });

  it('retry-after: a 429 announcing the delay in seconds, as an HTTP date, or in ms', async () => {
    fake.enqueue(
      { error: { name: 'RateLimitError', retryAfterMs: 1500 } },
      { fault: 'retry-after', afterMs: 1500, format: 'http-date' },
      { fault: 'retry-after', afterMs: 1500, format: 'ms' },
    );
    const seconds = await call(false);
    expect(seconds.status).toBe(429);
    expect(seconds.headers.get('retry-after')).toBe('2');
    const date = (await call(false)).headers.get('retry-after') ?? '';
    expect(date).toMatch(/^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    const ms = await call(false);
    expect(ms.headers.get('retry-after-ms')).toBe('1500');
    expect(ms.headers.get('retry-after')).toBeNull();
    const body = JSON.stringify(await ms.json());
    expect(body).toMatch(name === 'gemini' ? /RESOURCE_EXHAUSTED/ : /rate_limit/);
  });

  it("a turn's delayMs: a later request is answered first", async () => {
    fake.enqueue({ text: 'slow', delayMs: 300 }, { text: 'fast' });
    const order: string[] = [];
    const slow = call(false).then((response) => {
      order.push('slow');
      return response;
    });
    await vi.waitFor(() => expect(fake.requests).toHaveLength(1));
    const fast = call(false).then((response) => {
      order.push('fast');
      return response;
    });
    const [slowResponse] = await Promise.all([slow, fast]);
    expect(order).toEqual(['fast', 'slow']);
    expect(await slowResponse.text()).toContain('slow');
  });

  it('stall-mid-stream: N events arrive, the rest only after the stall', async () => {
    fake.enqueue({
      fault: 'stall-mid-stream',
      afterEvents: preamble + 2,
      stallMs: 150,
      text: 'one two three',
    });
    const response = await call(true);
    const reader = response.body?.getReader();
    if (reader === undefined) throw new Error('no body');
    let received = '';
    while (
      frames(received.endsWith(target.separator) ? received : `${received}${target.separator}`)
        .length <
      preamble + 3
    ) {
      const { done, value } = await reader.read();
      if (done) break;
      received += Buffer.from(value).toString('utf8');
      if (received.endsWith(target.separator) && frames(received).length >= preamble + 2) break;
    }
    expect(frames(received)).toHaveLength(preamble + 2);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += Buffer.from(value).toString('utf8');
    }
    expect(frames(received).length).toBeGreaterThan(preamble + 2);
    expect(target.terminated(received)).toBe(true);
  });

  it('oversized: a JSON body of exactly N bytes', async () => {
    fake.enqueue({ fault: 'oversized', bytes: 100_000 });
    const response = await call(false);
    const bytes = new Uint8Array(await response.arrayBuffer());
    expect(bytes.length).toBe(100_000);
    expect(() => JSON.parse(Buffer.from(bytes).toString('utf8'))).not.toThrow();
  });

  it('oversized: a stream event whose data is exactly N bytes', async () => {
    fake.enqueue({ fault: 'oversized', bytes: 50_000 });
    const all = frames(await (await call(true)).text());
    const big = all.find((frame) => frame.includes('xxxxxxxx')) ?? '';
    const data = big.split(target.lineBreak).find((line) => line.startsWith('data: ')) ?? '';
    expect(Buffer.byteLength(data.slice(6))).toBe(50_000);
  });

  it('html-error: an HTML 502 page', async () => {
    fake.enqueue({ fault: 'html-error' });
    const response = await call(true);
    expect(response.status).toBe(502);
    expect(response.headers.get('content-type')).toBe('text/html; charset=UTF-8');
    expect(await response.text()).toContain('<h1>502 Bad Gateway</h1>');
  });

  it('empty-body: 200 with nothing in it', async () => {
    fake.enqueue({ fault: 'empty-body' }, { fault: 'empty-body' });
    const json = await call(false);
    expect(json.status).toBe(200);
    expect(await json.text()).toBe('');
    expect(await (await call(true)).text()).toBe('');
  });

  it('echo-key: a 401 whose body contains the sent key', async () => {
    fake.enqueue({ fault: 'echo-key' });
    const response = await call(false);
    expect(response.status).toBe(401);
    expect(await response.text()).toContain('test-key');
  });

  it('streams 20,000 scripted events', async () => {
    fake.enqueue({ text: 'ab'.repeat(10_000), chunks: Array.from('ab'.repeat(10_000)) });
    const text = await (await call(true)).text();
    const contentEvents = frames(text).filter((frame) => /"(text|content)":"[ab]+"/.test(frame));
    expect(contentEvents).toHaveLength(20_000);
    expect(target.terminated(text)).toBe(true);
  });
});

describe('close()', () => {
  it('ends stalled streams and pending responses, and stops listening', async () => {
    const fake = createFakeProvider('openai');
    const own = await startFakeServer(fake);
    fake.enqueue({ fault: 'stall-mid-stream', stallMs: 60_000 }, { text: 'slow', delayMs: 60_000 });
    const target = providerTargets.openai;
    const url = `${own.baseUrlFor('openai')}${target.path(true)}`;
    const stalled = await postJson(url, target.headers, target.body(true));
    const reader = stalled.body?.getReader();
    await reader?.read();
    const slow = postJson(url, target.headers, target.body(false));
    await vi.waitFor(() => expect(fake.requests).toHaveLength(2));
    await own.close();
    await expect(slow).rejects.toThrow(TypeError);
    await expect(
      (async () => {
        for (;;) if ((await reader?.read())?.done !== false) return 'ended';
      })(),
    ).rejects.toThrow(TypeError);
    await expect(postJson(url, target.headers, target.body(false))).rejects.toThrow(TypeError);
  });
});
