import { getEventListeners } from 'node:events';
import {
  AbortError,
  ApiError,
  AuthenticationError,
  ConfigurationError,
  ConnectionError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  TimeoutError,
} from '@colloquy/chat-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { HttpRequest } from './http-request';
import { postJson } from './post-json';
import type { ProviderSettings } from './provider-settings';
import {
  chunkedBody,
  type FakeReply,
  fakeFetch,
  jsonResponse,
  recordingClock,
} from './test-utils/fake-fetch';

const URL = 'https://api.example.test/v1/generate';

function setup(
  replies: FakeReply[],
  settings: ProviderSettings = {},
  extra: Partial<HttpRequest> = {},
) {
  const fake = fakeFetch(...replies);
  const clock = recordingClock();
  const request: HttpRequest = {
    provider: 'openai',
    url: URL,
    headers: { authorization: 'Bearer sk-test-0123456789abcdef' },
    body: { hello: 'world' },
    settings: { fetch: fake.fetch, ...settings },
    clock,
    secrets: ['sk-test-0123456789abcdef'],
    ...extra,
  };
  return { fake, clock, request };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

// Pending timers; other tests may still have some, so checks compare against a baseline.
const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('postJson', () => {
  it('posts JSON with merged headers and returns the parsed body and request id', async () => {
    const { fake, request } = setup(
      [jsonResponse({ ok: true }, { headers: { 'x-request-id': 'req_1' } })],
      {
        headers: { 'x-from-settings': 's' },
      },
    );
    request.config = { httpOptions: { headers: { 'x-from-call': 'c' } } };
    const result = await postJson(request);
    expect(result.value).toEqual({ ok: true });
    expect(result.requestId).toBe('req_1');
    const call = fake.calls[0];
    expect(call?.url).toBe(URL);
    expect(call?.init.method).toBe('POST');
    expect(call?.init.body).toBe('{"hello":"world"}');
    const headers = call?.init.headers as Headers;
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('authorization')).toBe('Bearer sk-test-0123456789abcdef');
    expect(headers.get('x-from-settings')).toBe('s');
    expect(headers.get('x-from-call')).toBe('c');
  });

  it.each([408, 409, 429, 500, 502, 503, 504, 529])(
    'retries HTTP %i and then succeeds',
    async (status) => {
      const { fake, clock, request } = setup([
        jsonResponse({ error: { message: 'try again' } }, { status }),
        jsonResponse({ ok: 1 }),
      ]);
      expect((await postJson(request)).value).toEqual({ ok: 1 });
      expect(fake.calls).toHaveLength(2);
      expect(clock.delays).toEqual([500]);
    },
  );

  it('retries a connection error and then succeeds', async () => {
    const { fake, request } = setup([new TypeError('fetch failed'), jsonResponse({ ok: 1 })]);
    expect((await postJson(request)).value).toEqual({ ok: 1 });
    expect(fake.calls).toHaveLength(2);
  });

  it('backs off exponentially and throws the last error when retries run out', async () => {
    const { fake, clock, request } = setup([
      () => jsonResponse({ error: { message: 'down' } }, { status: 503 }),
    ]);
    const error = await rejection(postJson(request));
    expect(ServerError.isInstance(error)).toBe(true);
    expect(fake.calls).toHaveLength(3);
    expect(clock.delays).toEqual([500, 1000]);
  });

  it('turns an exhausted connection failure into ConnectionError with its cause', async () => {
    const cause = new TypeError('fetch failed');
    const { request } = setup([cause], { maxRetries: 0 });
    const error = await rejection(postJson(request));
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBe(cause);
  });

  it.each([
    [400, ApiError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
  ])('does not retry HTTP %i and throws %s', async (status, Class) => {
    const { fake, request } = setup([() => jsonResponse({ error: { message: 'no' } }, { status })]);
    const error = await rejection(postJson(request));
    expect(Class.isInstance(error)).toBe(true);
    expect((error as ApiError).status).toBe(status);
    expect(fake.calls).toHaveLength(1);
  });

  it('honours retry-after-ms', async () => {
    const { clock, request } = setup([
      jsonResponse({}, { status: 429, headers: { 'retry-after-ms': '1234' } }),
      jsonResponse({ ok: 1 }),
    ]);
    await postJson(request);
    expect(clock.delays).toEqual([1234]);
  });

  it('honours Retry-After in seconds', async () => {
    const { clock, request } = setup([
      jsonResponse({}, { status: 503, headers: { 'retry-after': '7' } }),
      jsonResponse({ ok: 1 }),
    ]);
    await postJson(request);
    expect(clock.delays).toEqual([7000]);
  });

  it('honours Retry-After as an HTTP date', async () => {
    const { clock, request } = setup([
      jsonResponse(
        {},
        {
          status: 429,
          headers: { 'retry-after': new Date(Date.parse('2030-01-01T00:00:12Z')).toUTCString() },
        },
      ),
      jsonResponse({ ok: 1 }),
    ]);
    await postJson(request);
    expect(clock.delays).toEqual([12_000]);
  });

  it('does not retry when the server asks for a wait above maxRetryDelay, and reports the wait', async () => {
    const { fake, clock, request } = setup(
      [() => jsonResponse({}, { status: 429, headers: { 'retry-after': '120' } })],
      { maxRetryDelay: 60_000 },
    );
    const error = await rejection(postJson(request));
    expect(RateLimitError.isInstance(error) && error.retryAfterMs).toBe(120_000);
    expect(fake.calls).toHaveLength(1);
    expect(clock.delays).toEqual([]);
  });

  it('follows x-should-retry over the status rule', async () => {
    const { fake, request } = setup([
      jsonResponse({}, { status: 400, headers: { 'x-should-retry': 'true' } }),
      () => jsonResponse({}, { status: 500, headers: { 'x-should-retry': 'false' } }),
    ]);
    const error = await rejection(postJson(request));
    expect(ServerError.isInstance(error)).toBe(true);
    expect(fake.calls).toHaveLength(2);
  });

  it('uses the adapter maxRetries, and the per-call maxRetries over it', async () => {
    const failing = () => jsonResponse({}, { status: 500 });
    const adapter = setup([failing], { maxRetries: 4 });
    await rejection(postJson(adapter.request));
    expect(adapter.fake.calls).toHaveLength(5);

    const call = setup([failing], { maxRetries: 4 });
    call.request.config = { httpOptions: { maxRetries: 1 } };
    await rejection(postJson(call.request));
    expect(call.fake.calls).toHaveLength(2);

    const none = setup([failing], { maxRetries: 4 });
    none.request.config = { httpOptions: { maxRetries: 0 } };
    await rejection(postJson(none.request));
    expect(none.fake.calls).toHaveLength(1);
  });

  it('rejects a bad maxRetries setting', async () => {
    const { request } = setup([jsonResponse({})], { maxRetries: -1 });
    expect(ConfigurationError.isInstance(await rejection(postJson(request)))).toBe(true);
  });

  it('throws AbortError without fetching when the signal is already aborted', async () => {
    const { fake, request } = setup([jsonResponse({})]);
    const reason = new Error('user left');
    request.config = { abortSignal: AbortSignal.abort(reason) };
    const error = await rejection(postJson(request));
    expect(AbortError.isInstance(error)).toBe(true);
    expect((error as Error).cause).toBe(reason);
    expect(fake.calls).toHaveLength(0);
  });

  it('removes its listener from the abort signal once done', async () => {
    const controller = new AbortController();
    const ok = setup([new TypeError('fetch failed'), jsonResponse({ ok: 1 })]);
    ok.request.config = { abortSignal: controller.signal };
    await postJson(ok.request);
    const failed = setup([() => jsonResponse({}, { status: 500 })]);
    failed.request.config = { abortSignal: controller.signal };
    await rejection(postJson(failed.request));
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('refuses a header with an invalid value without quoting it', async () => {
    const { fake, request } = setup([jsonResponse({})]);
    request.headers = { 'x-api-key': 'sk-test-0123456789abcdef\nInjected: 1' };
    const error = await rejection(postJson(request));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('"x-api-key"');
    expect(JSON.stringify(error)).not.toContain('0123456789abcdef');
    expect(fake.calls).toHaveLength(0);
  });

  it('aborts a request in flight without retrying', async () => {
    const before = timers();
    const { fake, request } = setup(['hang']);
    const controller = new AbortController();
    request.config = { abortSignal: controller.signal };
    const pending = rejection(postJson(request));
    await vi.waitFor(() => expect(fake.calls).toHaveLength(1));
    controller.abort();
    expect(AbortError.isInstance(await pending)).toBe(true);
    expect(fake.calls).toHaveLength(1);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('aborts while a fetch ignores its signal', async () => {
    const { request } = setup([() => new Promise<Response>(() => {})]);
    const controller = new AbortController();
    request.config = { abortSignal: controller.signal };
    const pending = rejection(postJson(request));
    setTimeout(() => controller.abort(), 5);
    expect(AbortError.isInstance(await pending)).toBe(true);
  });

  it('aborts during the backoff sleep', async () => {
    const { fake, request } = setup([() => jsonResponse({}, { status: 500 })]);
    const controller = new AbortController();
    request.clock = {
      sleep: async () => {
        controller.abort();
        throw controller.signal.reason;
      },
      random: () => 0,
      now: Date.now,
    };
    request.config = { abortSignal: controller.signal };
    expect(AbortError.isInstance(await rejection(postJson(request)))).toBe(true);
    expect(fake.calls).toHaveLength(1);
  });

  it('times out a request with no answer, retries it, then reports TimeoutError', async () => {
    const before = timers();
    const { fake, request } = setup(['hang'], { timeout: 20, maxRetries: 1 });
    const error = await rejection(postJson(request));
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).phase).toBe('request');
    expect((error as TimeoutError).timeoutMs).toBe(20);
    expect(fake.calls).toHaveLength(2);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('lets the per-call timeout override the adapter timeout', async () => {
    const { request } = setup(['hang'], { timeout: 600_000, maxRetries: 0 });
    request.config = { httpOptions: { timeout: 15 } };
    const error = await rejection(postJson(request));
    expect((error as TimeoutError).timeoutMs).toBe(15);
  });

  it('refuses a body larger than maxResponseBytes, counting bytes as they arrive', async () => {
    const big = JSON.stringify({ text: 'é'.repeat(600) });
    const { request } = setup(
      [
        new Response(chunkedBody([big.slice(0, 500), big.slice(500)]), {
          headers: { 'content-type': 'application/json' },
        }),
      ],
      { maxResponseBytes: 1000 },
    );
    const error = await rejection(postJson(request));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('larger than 1000 bytes');
  });

  it('refuses early when content-length is over the cap', async () => {
    let cancelled = false;
    const body = chunkedBody(['{}'], {
      onCancel: () => {
        cancelled = true;
      },
    });
    const { request } = setup(
      [
        new Response(body, {
          headers: { 'content-length': '5000', 'content-type': 'application/json' },
        }),
      ],
      { maxResponseBytes: 1000 },
    );
    expect(((await rejection(postJson(request))) as Error).message).toContain(
      'larger than 1000 bytes',
    );
    expect(cancelled).toBe(true);
  });

  it('accepts a body exactly at the cap', async () => {
    const body = JSON.stringify({ a: 'x'.repeat(92) });
    const { request } = setup([jsonResponse({ a: 'x'.repeat(92) })], {
      maxResponseBytes: body.length,
    });
    expect((await postJson(request)).value).toEqual({ a: 'x'.repeat(92) });
  });

  it('describes an HTML error page by its status and a short excerpt', async () => {
    const page = `<html><head><title>502 Bad Gateway</title></head><body><center>nginx</center>${'<p>x</p>'.repeat(500)}</body></html>`;
    const { request } = setup(
      [new Response(page, { status: 502, headers: { 'content-type': 'text/html' } })],
      { maxRetries: 0 },
    );
    const error = await rejection(postJson(request));
    expect(ServerError.isInstance(error)).toBe(true);
    const message = (error as Error).message;
    expect(message).toContain('non-JSON page');
    expect(message).toContain('HTTP 502');
    expect(message).toContain('502 Bad Gateway nginx');
    expect(message).not.toContain('<');
    expect(message.length).toBeLessThan(500);
  });

  it('refuses an empty 200 body', async () => {
    const { fake, request } = setup([new Response('', { status: 200 })]);
    const error = await rejection(postJson(request));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('empty body');
    expect(fake.calls).toHaveLength(1);
  });

  it('refuses an HTML page on a 200 with a short excerpt', async () => {
    const { request } = setup([
      new Response('<html><head><title>Sign in to Wi-Fi</title></head><body>Portal</body></html>', {
        headers: { 'content-type': 'text/html; charset=utf-8' },
      }),
    ]);
    const error = await rejection(postJson(request));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as InvalidResponseError).excerpt).toBe('Sign in to Wi-Fi Portal');
    expect((error as Error).message).toContain('non-JSON page');
  });

  it('refuses malformed JSON with an excerpt and does not retry it', async () => {
    const { fake, request } = setup([
      new Response('{"a": tru', { headers: { 'content-type': 'application/json' } }),
    ]);
    const error = await rejection(postJson(request));
    expect((error as InvalidResponseError).excerpt).toBe('{"a": tru');
    expect(fake.calls).toHaveLength(1);
  });

  it('refuses a URL that carries the key, and never fetches it', async () => {
    const { fake, request } = setup([jsonResponse({})]);
    request.url = `${URL}?key=sk-test-0123456789abcdef`;
    const error = await rejection(postJson(request));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toContain('sk-test-0123456789abcdef');
    expect(fake.calls).toHaveLength(0);
  });

  it('does not follow redirects, so key headers never reach another host', async () => {
    const { fake, request } = setup([
      () =>
        new Response(null, {
          status: 307,
          headers: { location: 'https://elsewhere.example/v1?key=AIzaSyLEAKED0123456789abc' },
        }),
    ]);
    const error = await rejection(postJson(request));
    expect(ApiError.isInstance(error) && error.status).toBe(307);
    expect((error as Error).message).toContain('elsewhere.example');
    expect((error as Error).message).toContain('baseUrl');
    expect((error as Error).message).not.toContain('LEAKED');
    expect(fake.calls).toHaveLength(1);
    expect(fake.calls[0]?.init.redirect).toBe('manual');
  });

  it('resolves globalThis.fetch at call time', async () => {
    const { request } = setup([]);
    request.settings = {};
    const late = fakeFetch(jsonResponse({ late: true }));
    vi.stubGlobal('fetch', late.fetch);
    expect((await postJson(request)).value).toEqual({ late: true });
  });

  it('explains a runtime without fetch', async () => {
    const { request } = setup([]);
    request.settings = {};
    vi.stubGlobal('fetch', undefined);
    const error = await rejection(postJson(request));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toContain('fetch option');
  });

  it('scrubs the key from an error a server echoes back', async () => {
    const { request } = setup([
      jsonResponse(
        { error: { message: 'Incorrect API key provided: sk-test-0123456789abcdef' } },
        { status: 401 },
      ),
    ]);
    const error = await rejection(postJson(request));
    expect(JSON.stringify(error)).not.toContain('0123456789abcdef');
    expect((error as Error).message).not.toContain('0123456789abcdef');
  });
});
