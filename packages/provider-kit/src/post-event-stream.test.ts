import { getEventListeners } from 'node:events';
import {
  AbortError,
  ConnectionError,
  InvalidResponseError,
  NotFoundError,
  StreamInterruptedError,
  TimeoutError,
} from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import type { HttpRequest } from './http-request';
import { parseJsonEvent } from './parse-json-event';
import { postEventStream, type SseEvent } from './post-event-stream';
import type { ProviderSettings } from './provider-settings';
import {
  chunkedBody,
  type FakeReply,
  fakeFetch,
  jsonResponse,
  recordingClock,
  sseResponse,
} from './test-utils/fake-fetch';

function setup(replies: FakeReply[], settings: ProviderSettings = {}) {
  const fake = fakeFetch(...replies);
  const clock = recordingClock();
  const request: HttpRequest = {
    provider: 'anthropic',
    url: 'https://api.example.test/v1/messages',
    headers: { 'x-api-key': 'sk-ant-test-0123456789' },
    body: { stream: true },
    settings: { fetch: fake.fetch, ...settings },
    clock,
    secrets: ['sk-ant-test-0123456789'],
  };
  return { fake, clock, request };
}

async function collect(events: AsyncIterable<SseEvent>): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

const data = (events: SseEvent[]) => events.map((e) => e.data);

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

describe('postEventStream', () => {
  it('yields events with their names and ids, and asks for an event stream', async () => {
    const { fake, request } = setup([
      sseResponse(['event: message_start\nid: 1\ndata: {"a":1}\n\n', 'event: ping\ndata: {}\n\n'], {
        headers: { 'request-id': 'req_9' },
      }),
    ]);
    const stream = await postEventStream(request);
    expect(stream.requestId).toBe('req_9');
    expect(await collect(stream)).toEqual([
      { event: 'message_start', id: '1', data: '{"a":1}' },
      { event: 'ping', id: undefined, data: '{}' },
    ]);
    const headers = fake.calls[0]?.init.headers as Headers | undefined;
    expect(headers?.get('accept')).toBe('text/event-stream');
  });

  it('handles CRLF line endings', async () => {
    const { request } = setup([
      sseResponse(['data: one\r\n\r\ndata: two\r\n', '\r\ndata: three\r\n\r\n']),
    ]);
    expect(data(await collect(await postEventStream(request)))).toEqual(['one', 'two', 'three']);
  });

  it('joins a UTF-8 character split across network chunks', async () => {
    const bytes = new TextEncoder().encode('data: {"t":"héllo 🙂"}\n\n');
    const cut = bytes.indexOf(0xc3) + 1; // inside the two-byte é
    const emoji = bytes.indexOf(0xf0) + 2; // inside the four-byte emoji
    const { request } = setup([
      sseResponse([bytes.slice(0, cut), bytes.slice(cut, emoji), bytes.slice(emoji)]),
    ]);
    expect(data(await collect(await postEventStream(request)))).toEqual(['{"t":"héllo 🙂"}']);
  });

  it('skips comment lines', async () => {
    const { request } = setup([
      sseResponse([': keep-alive\n\ndata: a\n: inline comment\n\n:\n\ndata: b\n\n']),
    ]);
    expect(data(await collect(await postEventStream(request)))).toEqual(['a', 'b']);
  });

  it('keeps a last event that lacks its trailing blank line', async () => {
    for (const tail of ['data: last', 'data: last\n', 'data: last\r', 'data: last\r\n']) {
      const { request } = setup([sseResponse(['data: first\n\n', tail])]);
      expect(data(await collect(await postEventStream(request)))).toEqual(['first', 'last']);
    }
  });

  it('joins multi-line data with newlines', async () => {
    const { request } = setup([sseResponse(['data: a\ndata: b\n\n'])]);
    expect(data(await collect(await postEventStream(request)))).toEqual(['a\nb']);
  });

  it('lets the adapter report a malformed JSON event with an excerpt', async () => {
    const { request } = setup([sseResponse(['data: {"ok":1}\n\ndata: {"broken": \n\n'])]);
    const stream = await postEventStream(request);
    const error = await rejection(
      (async () => {
        for await (const event of stream) parseJsonEvent(event.data, 'anthropic');
      })(),
    );
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as InvalidResponseError).excerpt).toBe('{"broken":');
  });

  it('maps an HTTP error to the same classes as postJson, after retrying retryable ones', async () => {
    const { fake, clock, request } = setup([
      jsonResponse(
        { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
        { status: 529 },
      ),
      jsonResponse({ error: { message: 'model: not found' } }, { status: 404 }),
    ]);
    const error = await rejection(postEventStream(request));
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(fake.calls).toHaveLength(2);
    expect(clock.delays).toEqual([500]);
  });

  it('retries a body that fails before the first event', async () => {
    const { fake, request } = setup([
      sseResponse([': warming up\n'], { error: new TypeError('terminated') }),
      sseResponse(['data: ok\n\n']),
    ]);
    expect(data(await collect(await postEventStream(request)))).toEqual(['ok']);
    expect(fake.calls).toHaveLength(2);
  });

  it('reports ConnectionError when the body keeps failing before the first event', async () => {
    const { request } = setup([() => sseResponse([], { error: new TypeError('terminated') })], {
      maxRetries: 1,
    });
    expect(ConnectionError.isInstance(await rejection(postEventStream(request)))).toBe(true);
  });

  it('never retries once an event was delivered: StreamInterruptedError with the count and cause', async () => {
    const cause = new TypeError('terminated');
    const { fake, request } = setup([
      sseResponse(['data: 1\n\ndata: 2\n\n', 'data: 3\n\n'], { error: cause }),
    ]);
    const got: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of await postEventStream(request)) got.push(event.data);
      })(),
    );
    expect(got).toEqual(['1', '2', '3']);
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect((error as StreamInterruptedError).chunksReceived).toBe(3);
    expect((error as Error).cause).toBe(cause);
    expect(fake.calls).toHaveLength(1);
  });

  describe('preamble events (isPreamble)', () => {
    const isPreamble = (event: SseEvent) => event.event === 'start' || event.event === 'ping';
    const preamble = 'event: start\ndata: s\n\nevent: ping\ndata: p\n\n';

    it('retries a body that fails after preamble events, before any other', async () => {
      const { fake, request } = setup([
        sseResponse([preamble], { error: new TypeError('terminated') }),
        sseResponse([preamble, 'data: text\n\n']),
      ]);
      const events = await collect(await postEventStream(request, { isPreamble }));
      // The preamble of the attempt that succeeded reaches the consumer, once.
      expect(data(events)).toEqual(['s', 'p', 'text']);
      expect(fake.calls).toHaveLength(2);
    });

    it('retries a stream that goes silent after its preamble', async () => {
      const silentAfterPreamble = () =>
        new Response(
          new ReadableStream({
            start(controller) {
              controller.enqueue(new TextEncoder().encode(preamble));
            },
          }),
          { headers: { 'content-type': 'text/event-stream' } },
        );
      const { fake, request } = setup([silentAfterPreamble(), sseResponse(['data: late\n\n'])], {
        idleTimeout: 20,
      });
      expect(data(await collect(await postEventStream(request, { isPreamble })))).toEqual(['late']);
      expect(fake.calls).toHaveLength(2);
    });

    it('without isPreamble, a failure after the first event is final', async () => {
      const { fake, request } = setup([
        sseResponse([preamble], { error: new TypeError('terminated') }),
        sseResponse(['data: text\n\n']),
      ]);
      const error = await rejection(collect(await postEventStream(request)));
      expect(StreamInterruptedError.isInstance(error)).toBe(true);
      expect(fake.calls).toHaveLength(1);
    });

    it('hands over a body that ends cleanly after preamble events only', async () => {
      const { fake, request } = setup([sseResponse([preamble])]);
      const events = await collect(await postEventStream(request, { isPreamble }));
      expect(data(events)).toEqual(['s', 'p']);
      expect(fake.calls).toHaveLength(1);
    });

    it('stops holding events back after 64 preamble events', async () => {
      const pings = 'event: ping\ndata: p\n\n'.repeat(70);
      const { request } = setup([sseResponse([pings], { error: new TypeError('terminated') })], {
        maxRetries: 0,
      });
      const stream = await postEventStream(request, { isPreamble });
      const error = await rejection(collect(stream));
      // Handed over: the failure after them is final, and reports what was delivered.
      expect(StreamInterruptedError.isInstance(error)).toBe(true);
    });

    it('treats an event the check throws on as content', async () => {
      const { fake, request } = setup([
        sseResponse(['data: x\n\n'], { error: new TypeError('terminated') }),
      ]);
      const throwing = () => {
        throw new Error('unreadable');
      };
      const error = await rejection(
        collect(await postEventStream(request, { isPreamble: throwing })),
      );
      expect(StreamInterruptedError.isInstance(error)).toBe(true);
      expect(fake.calls).toHaveLength(1);
    });
  });

  it('cancels the body when the consumer breaks, and clears its timers', async () => {
    const before = timers();
    let cancelled = false;
    const { request } = setup([
      sseResponse(['data: 1\n\n', 'data: 2\n\n', 'data: 3\n\n'], {
        onCancel: () => {
          cancelled = true;
        },
      }),
    ]);
    for await (const event of await postEventStream(request)) {
      if (event.data === '2') break;
    }
    expect(cancelled).toBe(true);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('removes its listener from the abort signal when the stream ends or is left', async () => {
    const controller = new AbortController();
    const whole = setup([sseResponse(['data: 1\n\n'])]);
    whole.request.config = { abortSignal: controller.signal };
    await collect(await postEventStream(whole.request));
    const left = setup([sseResponse(['data: 1\n\n', 'data: 2\n\n'])]);
    left.request.config = { abortSignal: controller.signal };
    for await (const _ of await postEventStream(left.request)) break;
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('aborts mid-stream with AbortError and no retry', async () => {
    const controller = new AbortController();
    let cancelled = false;
    const { fake, request } = setup([
      new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode('data: 1\n\n'));
          },
          cancel() {
            cancelled = true;
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      ),
    ]);
    request.config = { abortSignal: controller.signal };
    const stream = await postEventStream(request);
    const got: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of stream) {
          got.push(event.data);
          setTimeout(() => controller.abort(), 5);
        }
      })(),
    );
    expect(got).toEqual(['1']);
    expect(AbortError.isInstance(error)).toBe(true);
    expect(cancelled).toBe(true);
    expect(fake.calls).toHaveLength(1);
  });

  it('times out a stream that goes silent mid-way', async () => {
    const before = timers();
    const { fake, request } = setup([
      new Response(
        new ReadableStream({
          start(c) {
            c.enqueue(new TextEncoder().encode('data: 1\n\n'));
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      ),
    ]);
    request.config = { httpOptions: { idleTimeout: 30 } };
    const got: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of await postEventStream(request)) got.push(event.data);
      })(),
    );
    expect(got).toEqual(['1']);
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect((error as TimeoutError).phase).toBe('idle');
    expect((error as TimeoutError).timeoutMs).toBe(30);
    expect(fake.calls).toHaveLength(1);
    expect(timers()).toBeLessThanOrEqual(before);
  });

  it('retries a stream that stays silent before its first event', async () => {
    const silent = () =>
      new Response(new ReadableStream({ start() {} }), {
        headers: { 'content-type': 'text/event-stream' },
      });
    const { fake, request } = setup([silent(), sseResponse(['data: late\n\n'])], {
      idleTimeout: 20,
    });
    expect(data(await collect(await postEventStream(request)))).toEqual(['late']);
    expect(fake.calls).toHaveLength(2);
  });

  it('stops the request deadline once headers arrive: a long stream is bounded only by idleness', async () => {
    let pulls = 0;
    const slow = new ReadableStream<Uint8Array>({
      async pull(controller) {
        await new Promise((resolve) => setTimeout(resolve, 15));
        controller.enqueue(new TextEncoder().encode('data: tick\n\n'));
        if (++pulls === 5) controller.close();
      },
    });
    const { request } = setup(
      [new Response(slow, { headers: { 'content-type': 'text/event-stream' } })],
      { timeout: 30, idleTimeout: 1000 },
    );
    expect(await collect(await postEventStream(request))).toHaveLength(5);
  });

  it('does not count a slow consumer as server silence', async () => {
    const { request } = setup([sseResponse(['data: 1\n\n', 'data: 2\n\n'])], { idleTimeout: 20 });
    const got: string[] = [];
    for await (const event of await postEventStream(request)) {
      got.push(event.data);
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    expect(got).toEqual(['1', '2']);
  });

  it('refuses one event larger than maxResponseBytes, whole or arriving in pieces', async () => {
    const big = `data: ${'x'.repeat(3000)}\n\n`;
    const pieces = [big.slice(0, 900), big.slice(900, 1800), big.slice(1800)];
    for (const chunks of [[big], pieces]) {
      let cancelled = false;
      const onCancel = () => {
        cancelled = true;
      };
      const { request } = setup(
        [sseResponse(['data: small\n\n', ...chunks, 'data: a\n\n', 'data: b\n\n'], { onCancel })],
        {
          maxResponseBytes: 1000,
        },
      );
      const error = await rejection(collect(await postEventStream(request)));
      expect(InvalidResponseError.isInstance(error)).toBe(true);
      expect((error as Error).message).toContain('larger than 1000');
      expect(cancelled).toBe(true);
    }
  });

  it('accepts events up to maxResponseBytes', async () => {
    const { request } = setup([sseResponse([`data: ${'x'.repeat(1000)}\n\n`])], {
      maxResponseBytes: 1000,
    });
    expect(data(await collect(await postEventStream(request)))).toEqual(['x'.repeat(1000)]);
  });

  it('refuses an HTML page on a 200', async () => {
    const { request } = setup([
      new Response('<html><title>Blocked</title><body>by proxy</body></html>', {
        headers: { 'content-type': 'text/html' },
      }),
    ]);
    const error = await rejection(postEventStream(request));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as InvalidResponseError).excerpt).toBe('Blocked by proxy');
  });

  it('refuses a stream that ends without any event, quoting what came', async () => {
    const empty = setup([sseResponse([])]);
    expect(((await rejection(postEventStream(empty.request))) as Error).message).toContain(
      'empty body',
    );
    const json = setup([sseResponse(['{"error":{"message":"bad"}}'])]);
    const error = await rejection(postEventStream(json.request));
    expect((error as InvalidResponseError).excerpt).toBe('{"error":{"message":"bad"}}');
    expect(json.fake.calls).toHaveLength(1);
  });

  it('can be consumed by several sequential next() calls after a manual iterator use', async () => {
    const { request } = setup([sseResponse(['data: 1\n\ndata: 2\n\n'])]);
    const iterator = (await postEventStream(request))[Symbol.asyncIterator]();
    const [a, b, c] = await Promise.all([iterator.next(), iterator.next(), iterator.next()]);
    expect([a.value?.data, b.value?.data, c.done]).toEqual(['1', '2', true]);
  });

  it('reads a body a fake fetch never ends until abort, without hanging', async () => {
    const controller = new AbortController();
    const { request } = setup([
      () =>
        new Response(chunkedBody(['data: 1\n\n']).pipeThrough(new TransformStream()), {
          headers: { 'content-type': 'text/event-stream' },
        }),
    ]);
    request.config = { abortSignal: controller.signal };
    const stream = await postEventStream(request);
    controller.abort();
    const error = await rejection(collect(stream));
    expect(AbortError.isInstance(error)).toBe(true);
  });
});

describe('postEventStream iterator', () => {
  it('a read failure surfaces once with the count of events delivered, then the end', async () => {
    const cause = new TypeError('terminated');
    const { request } = setup([sseResponse(['data: 1\n\ndata: 2\n\n'], { error: cause })]);
    const iterator = (await postEventStream(request))[Symbol.asyncIterator]();
    expect((await iterator.next()).value?.data).toBe('1');
    expect((await iterator.next()).value?.data).toBe('2');
    const error = await rejection(iterator.next());
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect((error as StreamInterruptedError).chunksReceived).toBe(2);
    expect(await iterator.next()).toEqual({ done: true, value: undefined });
  });

  it.each([0, 1])(
    'return() after %i events cancels the body and ends the stream',
    async (taken) => {
      const before = timers();
      let cancelled = false;
      const { request } = setup([
        sseResponse(['data: 1\n\ndata: 2\n\n', 'data: 3\n\n'], {
          onCancel: () => {
            cancelled = true;
          },
        }),
      ]);
      const iterator = (await postEventStream(request))[Symbol.asyncIterator]();
      for (let i = 0; i < taken; i++) await iterator.next();
      await iterator.return?.();
      expect(cancelled).toBe(true);
      expect(await iterator.next()).toEqual({ done: true, value: undefined });
      expect(timers()).toBeLessThanOrEqual(before);
    },
  );
});
