import { inspect } from 'node:util';
import {
  AuthenticationError,
  ConnectionError,
  StreamInterruptedError,
  TimeoutError,
} from '@colloquy/chat-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { HttpRequest } from './http-request';
import { postEventStream } from './post-event-stream';
import { postJson } from './post-json';
import type { ProviderSettings } from './provider-settings';
import { recordingClock } from './test-utils/fake-fetch';
import { type LocalServer, startLocalServer } from './test-utils/local-server';

// These tests use the platform fetch against a real server on 127.0.0.1: resets, split
// writes, stalls and closed sockets are things a fake fetch cannot show.

let server: LocalServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

const KEY = 'sk-proj-LIVEKEY0123456789abcdef';

function request(url: string, settings: ProviderSettings = {}): HttpRequest {
  return {
    provider: 'openai',
    url,
    headers: { authorization: `Bearer ${KEY}` },
    body: { model: 'm' },
    settings,
    clock: recordingClock(),
    secrets: [KEY],
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('over a real socket', () => {
  it('retries a connection reset, then succeeds', async () => {
    server = await startLocalServer((req, res, count) => {
      if (count === 1) {
        req.socket.destroy();
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":true}');
    });
    const result = await postJson(request(server.url));
    expect(result.value).toEqual({ ok: true });
    expect(server.requests).toBe(2);
  });

  it('reports ConnectionError when the server keeps resetting', async () => {
    server = await startLocalServer((req) => req.socket.destroy());
    const error = await rejection(postJson(request(server.url, { maxRetries: 1 })));
    expect(ConnectionError.isInstance(error)).toBe(true);
    expect(server.requests).toBe(2);
  });

  it('times out a server that never answers', async () => {
    server = await startLocalServer(() => {});
    const error = await rejection(postJson(request(server.url, { timeout: 50, maxRetries: 0 })));
    expect(TimeoutError.isInstance(error) && error.phase).toBe('request');
  });

  it('scrubs the key a server echoes, from the message, JSON and inspect output', async () => {
    server = await startLocalServer((req, res) => {
      res.writeHead(401, { 'content-type': 'application/json', 'x-request-id': 'req_echo' });
      res.end(
        JSON.stringify({
          error: {
            message: `Incorrect API key provided: ${req.headers.authorization?.slice(7)}. Header was ${req.headers.authorization}`,
            type: 'invalid_request_error',
          },
        }),
      );
    });
    const error = await rejection(postJson(request(server.url)));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as AuthenticationError).requestId).toBe('req_echo');
    for (const view of [String(error), JSON.stringify(error), inspect(error, { depth: 10 })]) {
      expect(view).not.toContain('LIVEKEY');
    }
  });

  it('does not follow a redirect to another host', async () => {
    const other = await startLocalServer((_req, res) => res.end('{}'));
    try {
      server = await startLocalServer((_req, res) => {
        res.writeHead(308, { location: other.url });
        res.end();
      });
      const error = await rejection(postJson(request(server.url)));
      expect((error as { status?: number }).status).toBe(308);
      expect(other.requests).toBe(0);
    } finally {
      await other.close();
    }
  });

  it('decodes UTF-8 characters split across separate writes', async () => {
    server = await startLocalServer(async (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      const bytes = Buffer.from('data: {"t":"日本語 🙂"}\r\n\r\ndata: {"t":"é"}');
      for (let i = 0; i < bytes.length; i += 3) {
        res.write(bytes.subarray(i, i + 3));
        await sleep(1);
      }
      res.end();
    });
    const got: string[] = [];
    for await (const event of await postEventStream(request(server.url))) got.push(event.data);
    expect(got).toEqual(['{"t":"日本語 🙂"}', '{"t":"é"}']);
  });

  it('times out a stream that stalls after its first event', async () => {
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\n');
    });
    const stream = await postEventStream(request(server.url, { idleTimeout: 50 }));
    const got: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of stream) got.push(event.data);
      })(),
    );
    expect(got).toEqual(['1']);
    expect(TimeoutError.isInstance(error) && error.phase).toBe('idle');
    await server.socketClosed();
  });

  it('reports StreamInterruptedError when the connection drops mid-stream, without retrying', async () => {
    server = await startLocalServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: 1\n\ndata: 2\n\n');
      setTimeout(() => req.socket.destroy(), 20);
    });
    const got: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of await postEventStream(request(server.url))) got.push(event.data);
      })(),
    );
    expect(got).toEqual(['1', '2']);
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect((error as StreamInterruptedError).chunksReceived).toBe(2);
    expect(server.requests).toBe(1);
  });

  it('closes the connection when the consumer breaks', async () => {
    let timer: ReturnType<typeof setInterval> | undefined;
    server = await startLocalServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      let n = 0;
      // An endless stream: only the client closing the socket ends it.
      timer = setInterval(() => res.write(`data: ${n++}\n\n`), 2);
      res.on('close', () => clearInterval(timer));
    });
    for await (const event of await postEventStream(request(server.url))) {
      if (event.data === '3') break;
    }
    await server.socketClosed();
    clearInterval(timer);
  });
});
