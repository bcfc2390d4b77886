import {
  Chats,
  ConfigurationError,
  type GenerateContentResponse,
  ServerError,
} from '@colloquy/chat-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createAnthropicAsyncModels, createAnthropicModels } from './anthropic-provider';
import { type FixtureServer, startFixtureServer } from './test-utils/fixture-server';
import { readFixture } from './test-utils/fixtures';

// The blocking models run the adapter in a worker thread, out of msw's reach: these tests
// serve the documented fixtures from a real server on 127.0.0.1 (itself in a worker, since a
// blocking call parks this thread). The bridge's worker imports the built package (`dist`).

const KEY = 'sk-ant-sync-test-0123456789';
let server: FixtureServer;

beforeAll(async () => {
  server = await startFixtureServer();
});

afterAll(async () => {
  await server.close();
});

function models() {
  return createAnthropicModels({ apiKey: KEY, baseUrl: server.baseUrl, maxRetries: 0 });
}

describe('createAnthropicModels (blocking, through the worker bridge)', () => {
  it('sends the request with the key in x-api-key and returns the reply', async () => {
    await server.enqueue({ type: 'application/json', body: readFixture('anthropic-text.json') });
    const bridged = models();
    try {
      const chat = new Chats(bridged).create({ model: 'claude-sonnet-4-5' });
      expect(chat.sendMessage({ message: 'Hello, Claude' }).text).toBe('Hi! My name is Claude.');
    } finally {
      bridged.close();
    }
    const [sent, ...others] = await server.takeRequests();
    expect(others).toEqual([]);
    expect(sent?.url).toBe('/v1/messages');
    expect(sent?.headers).toMatchObject({
      'x-api-key': KEY,
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
    });
    expect(sent?.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello, Claude' }] }],
    });
  });

  it('streams chunks, and the history keeps the signed thinking', async () => {
    await server.enqueue({
      type: 'text/event-stream',
      body: readFixture('anthropic-thinking.chunks.txt'),
    });
    const bridged = models();
    try {
      const chat = new Chats(bridged).create({ model: 'claude-opus-4-6' });
      const texts: string[] = [];
      for (const chunk of chat.sendMessageStream({ message: 'GCD?' })) {
        if (chunk.text) texts.push(chunk.text);
      }
      expect(texts).toEqual(['The greatest common divisor of 1071 and 462 is **21**.']);
      expect(chat.getHistory(true)[1]?.parts[0]).toMatchObject({
        thought: true,
        thoughtSignature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds',
      });
    } finally {
      bridged.close();
    }
    const [sent] = await server.takeRequests();
    expect(sent?.body.stream).toBe(true);
  });

  it('streams exactly the chunks the async models give', async () => {
    for (const fixture of ['anthropic-text.chunks.txt', 'anthropic-thinking.chunks.txt']) {
      const body = readFixture(fixture);
      await server.enqueue(
        { type: 'text/event-stream', body },
        { type: 'text/event-stream', body },
      );
      const params = {
        model: 'claude-sonnet-4-5',
        contents: [{ role: 'user' as const, parts: [{ text: 'Hi' }] }],
      };
      const bridged = models();
      let chunks: GenerateContentResponse[];
      try {
        chunks = [...bridged.generateContentStream(params)];
      } finally {
        bridged.close();
      }
      const direct: GenerateContentResponse[] = [];
      const async = createAnthropicAsyncModels({
        apiKey: KEY,
        baseUrl: server.baseUrl,
        maxRetries: 0,
      });
      for await (const chunk of await async.generateContentStream(params)) direct.push(chunk);
      expect(chunks.length).toBeGreaterThan(2);
      expect(chunks).toStrictEqual(direct);
      expect(chunks.map((chunk) => JSON.stringify(chunk))).toEqual(
        direct.map((chunk) => JSON.stringify(chunk)),
      );
      await server.takeRequests();
    }
  });

  it('throws the same error class across the thread boundary', async () => {
    await server.enqueue({
      status: 529,
      type: 'application/json',
      body: JSON.stringify({
        type: 'error',
        error: { type: 'overloaded_error', message: 'Overloaded' },
      }),
    });
    const bridged = models();
    let thrown: unknown;
    try {
      bridged.generateContent({
        model: 'm',
        contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
      });
    } catch (error) {
      thrown = error;
    } finally {
      bridged.close();
    }
    expect(ServerError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ status: 529, providerCode: 'overloaded_error' });
    await server.takeRequests();
  });

  it('fails at creation without a key, naming ANTHROPIC_API_KEY', () => {
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    try {
      expect(() => createAnthropicModels({ baseUrl: server.baseUrl })).toThrow(ConfigurationError);
      expect(() => createAnthropicModels({ baseUrl: server.baseUrl })).toThrow(/ANTHROPIC_API_KEY/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses a fetch option, which cannot cross threads, naming the async models', () => {
    const options = { apiKey: KEY, baseUrl: server.baseUrl, fetch: globalThis.fetch } as Parameters<
      typeof createAnthropicModels
    >[0];
    expect(() => createAnthropicModels(options)).toThrow(ConfigurationError);
    expect(() => createAnthropicModels(options)).toThrow(
      /createAnthropicAsyncModels with AsyncChat/,
    );
  });
});
