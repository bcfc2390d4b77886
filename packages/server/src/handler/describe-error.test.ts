import { AsyncChats, ConfigurationError, ConnectionError } from '@colloquy/chat-core';
import { createMockAsyncModels, type MockErrorName } from '@colloquy/provider-mock';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createHarness,
  type Harness,
  readEvents,
  sseEvents,
} from '../__fixtures__/handler-harness';
import { createChatHandler } from './create-chat-handler';

const KEY = 'sk-live-0123456789abcdef';

// What a client learns from errors: statuses by kind, Colloquy messages, and never a key,
// a stack or a cause. (The store makes no difference here; the suite runs on the memory one.)
describe('errors as clients see them', () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  async function sendFails(script: Parameters<typeof createHarness>[1]) {
    h = createHarness('memory', script);
    const id = await h.createSession();
    const response = await h.send(id, 'hi');
    const text = await response.text();
    return {
      response,
      text,
      body: JSON.parse(text) as { error: { name: string; message: string } },
    };
  }

  it.each<[MockErrorName, object, number, RegExp]>([
    ['AuthenticationError', {}, 502, /refused the server's credentials/],
    ['PermissionDeniedError', {}, 502, /refused the server's credentials/],
    ['RateLimitError', {}, 429, /429/],
    ['TimeoutError', { timeoutMs: 1000 }, 504, /./],
    ['ServerError', { status: 503 }, 503, /503/],
    ['ServerError', { status: 500 }, 502, /500/],
    ['ConnectionError', {}, 502, /Could not reach/],
    ['NotFoundError', {}, 502, /404/],
  ])('a provider %s before the stream is %s', async (name, fields, status, message) => {
    const { response, body } = await sendFails({
      script: [{ error: { name, ...fields, providerMessage: `bad key ${KEY.slice(0, 3)}` } }],
    });
    expect(response.status).toBe(status);
    expect(body.error.name).toBe(name);
    expect(body.error.message).toMatch(message);
  });

  it('a rate limit says when to retry', async () => {
    const { response } = await sendFails({
      script: [{ error: { name: 'RateLimitError', retryAfterMs: 2500 } }],
    });
    expect(response.headers.get('retry-after')).toBe('3');
  });

  it('a non-Colloquy error is a bare 500; its details go to onError only', async () => {
    const { response, text, body } = await sendFails({
      script: [{ error: { name: 'Error', message: `upstream said ${KEY}` } }],
    });
    expect(response.status).toBe(500);
    expect(body).toEqual({
      error: { name: 'InternalError', message: 'The server failed; the error was logged.' },
    });
    expect(text).not.toContain(KEY);
    expect(String(h.errors[0])).toContain(KEY);
  });

  it('a Colloquy error whose cause holds a key shows its message only', async () => {
    const mock = createMockAsyncModels();
    const failing = {
      ...mock,
      specificationVersion: mock.specificationVersion,
      provider: 'mock',
      generateContent: mock.generateContent,
      generateContentStream: async () => {
        throw new ConnectionError({
          provider: 'mock',
          message: 'Could not reach mock. Check the network, then retry.',
          cause: new Error(`TLS failed for https://api.example/?key=${KEY}`),
        });
      },
    };
    const { response, text } = await sendFails({ models: failing });
    expect(response.status).toBe(502);
    expect(text).not.toContain(KEY);
    expect(text).not.toMatch(/stack|cause|\n\s+at /);
  });

  it('a non-Colloquy failure mid-stream is an InternalError event, without its details', async () => {
    h = createHarness('memory', {
      script: [
        { text: 'one two three', failAfterChunks: 1, error: { name: 'Error', message: KEY } },
      ],
    });
    const id = await h.createSession();
    const response = await h.send(id, 'hi');
    const events = await readEvents(sseEvents(response));
    expect(events.map((e) => e.event)).toEqual(['chunk', 'error', 'done']);
    expect(JSON.parse(events[1]?.data ?? '')).toEqual({
      name: 'InternalError',
      message: 'The server failed; the error was logged.',
    });
    expect(JSON.stringify(events)).not.toContain(KEY);
    expect(JSON.parse(events[2]?.data ?? '').reason).toBe('InternalError');
    const session = await (await h.call('GET', `/api/sessions/${id}`)).text();
    expect(session).not.toContain(KEY);
    expect(h.errors).toHaveLength(1);
  });

  it('authenticate throwing is a bare 500; a throwing onError changes nothing', async () => {
    h = createHarness('memory', {
      handler: {
        authenticate: () => {
          throw new Error(`db password ${KEY}`);
        },
        onError: () => {
          throw new Error('logger down');
        },
      },
    });
    const response = await h.call('GET', '/api/sessions');
    expect(response.status).toBe(500);
    expect(await response.text()).not.toContain(KEY);
  });

  it('chats without a store is a ConfigurationError when the handler is made', () => {
    const chats = new AsyncChats(createMockAsyncModels());
    expect(() => createChatHandler({ chats, model: 'm', authenticate: () => 'a' })).toThrow(
      ConfigurationError,
    );
  });
});
