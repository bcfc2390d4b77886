import {
  Chats,
  ConfigurationError,
  type GenerateContentResponse,
  InvalidResponseError,
} from '@colloquy/chat-core';
import { type FakeServerThread, startFakeServerThread } from '@colloquy/test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { readFixture } from './__fixtures__/fixtures';
import { createAnthropicAsyncModels, createAnthropicModels } from './anthropic-provider';

// The blocking models run the adapter in a worker thread, out of msw's reach: these tests
// replay the documented fixtures from test-server's fake on 127.0.0.1 (itself in a worker,
// since a blocking call parks this thread). The bridge's worker imports the built package.

const recorded = (contentType: string, body: string, status?: number) => ({
  recorded: status === undefined ? { contentType, body } : { status, contentType, body },
});

const KEY = 'sk-ant-sync-test-0123456789';
let server: FakeServerThread;
let baseUrl: string;

beforeAll(async () => {
  server = await startFakeServerThread({ anthropic: { apiKey: KEY } });
  baseUrl = server.baseUrlFor('anthropic');
});

afterEach(async () => {
  await server.reset();
});

afterAll(async () => {
  await server.close();
});

function models() {
  return createAnthropicModels({ apiKey: KEY, baseUrl, maxRetries: 0 });
}

describe('createAnthropicModels (blocking, through the worker bridge)', () => {
  it('sends the request with the key in x-api-key and returns the reply', async () => {
    await server.enqueue(
      'anthropic',
      recorded('application/json', readFixture('anthropic-text.json')),
    );
    const bridged = models();
    try {
      const chat = new Chats(bridged).create({ model: 'claude-sonnet-4-5' });
      expect(chat.sendMessage({ message: 'Hello, Claude' }).text).toBe('Hi! My name is Claude.');
    } finally {
      bridged.close();
    }
    const [sent, ...others] = await server.requests('anthropic');
    expect(others).toEqual([]);
    expect(sent?.path).toBe('/v1/messages');
    // The fake checks the key (and logs it redacted).
    expect(sent?.authorized).toBe(true);
    expect(sent?.headers).toMatchObject({
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
    await server.enqueue(
      'anthropic',
      recorded('text/event-stream', readFixture('anthropic-thinking.chunks.txt')),
    );
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
        thoughtSignature: 'anthropic:EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds',
      });
    } finally {
      bridged.close();
    }
    const [sent] = await server.requests('anthropic');
    expect(sent?.body).toMatchObject({ stream: true });
  });

  it('fails a spliced stream (a second message_start before message_stop) and curates nothing', async () => {
    await server.enqueue(
      'anthropic',
      recorded('text/event-stream', readFixture('anthropic-spliced.chunks.txt')),
    );
    const bridged = models();
    try {
      const chat = new Chats(bridged).create({ model: 'claude-sonnet-4-5' });
      const texts: string[] = [];
      let error: unknown;
      try {
        for (const chunk of chat.sendMessageStream({ message: 'Weather in Paris?' })) {
          if (chunk.text) texts.push(chunk.text);
        }
      } catch (thrown) {
        error = thrown;
      }
      expect(InvalidResponseError.isInstance(error)).toBe(true);
      expect((error as Error).message).toMatch(/second message_start/);
      expect(texts).not.toContain('It is sunny in Paris.');
      expect(chat.getHistory(true)).toEqual([]);
      expect(chat.getTurns().map((turn) => turn.status)).toEqual(['interrupted']);
    } finally {
      bridged.close();
    }
  });

  it('carries the warnings across the bridge', async () => {
    await server.enqueue(
      'anthropic',
      recorded('application/json', readFixture('anthropic-text.json')),
    );
    const bridged = models();
    try {
      const chat = new Chats(bridged).create({ model: 'claude-sonnet-4-5', config: { seed: 1 } });
      expect(chat.sendMessage({ message: 'Hello, Claude' }).warnings).toEqual([
        { setting: 'seed', provider: 'anthropic', message: expect.stringMatching(/no seed/) },
      ]);
    } finally {
      bridged.close();
    }
  });

  it('streams exactly the chunks the async models give', async () => {
    for (const fixture of ['anthropic-text.chunks.txt', 'anthropic-thinking.chunks.txt']) {
      const body = readFixture(fixture);
      await server.reset();
      await server.enqueue(
        'anthropic',
        recorded('text/event-stream', body),
        recorded('text/event-stream', body),
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
        baseUrl,
        maxRetries: 0,
      });
      for await (const chunk of await async.generateContentStream(params)) direct.push(chunk);
      expect(chunks.length).toBeGreaterThan(2);
      expect(chunks).toStrictEqual(direct);
      expect(chunks.map((chunk) => JSON.stringify(chunk))).toEqual(
        direct.map((chunk) => JSON.stringify(chunk)),
      );
    }
  });

  it('fails at creation without a key, naming ANTHROPIC_API_KEY', () => {
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    try {
      expect(() => createAnthropicModels({ baseUrl })).toThrow(ConfigurationError);
      expect(() => createAnthropicModels({ baseUrl })).toThrow(/ANTHROPIC_API_KEY/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('refuses a fetch option, which cannot cross threads, naming the async models', () => {
    const options = { apiKey: KEY, baseUrl, fetch: globalThis.fetch } as Parameters<
      typeof createAnthropicModels
    >[0];
    expect(() => createAnthropicModels(options)).toThrow(ConfigurationError);
    expect(() => createAnthropicModels(options)).toThrow(
      /createAnthropicAsyncModels with AsyncChat/,
    );
  });
});
