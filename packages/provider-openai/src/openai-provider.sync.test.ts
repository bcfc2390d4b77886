import {
  AuthenticationError,
  Chats,
  ConfigurationError,
  type GenerateContentResponse,
} from '@colloquy/chat-core';
import { type FakeServerThread, startFakeServerThread } from '@colloquy/test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { jsonFixture, sseBody } from './__fixtures__/fixtures';
import { createOpenAIAsyncModels, createOpenAIModels } from './openai-provider';

// The bridge runs the adapter in a worker thread, where msw cannot reach, and a blocking call
// blocks this thread, so the fake lives in a thread of its own: test-server's fake on
// 127.0.0.1, replaying the fixtures. The bridge loads the built package (dist).

const KEY = 'sk-sync-test-key';
const json = {
  recorded: { contentType: 'application/json', body: JSON.stringify(jsonFixture('openai-text')) },
};
const sse = { recorded: { contentType: 'text/event-stream', body: sseBody('openai-text') } };
let server: FakeServerThread;
let baseUrl: string;

beforeAll(async () => {
  server = await startFakeServerThread({ openai: { apiKey: KEY } });
  baseUrl = server.baseUrlFor('openai');
});

afterEach(async () => {
  await server.reset();
});

afterAll(async () => {
  await server.close();
});

const hello = [{ role: 'user' as const, parts: [{ text: 'Hello' }] }];

describe('createOpenAIModels (blocking, through the worker bridge)', () => {
  it('answers plain and streamed sends of a blocking Chat', async () => {
    await server.enqueue('openai', json, sse);
    const models = createOpenAIModels({ baseUrl, apiKey: KEY });
    try {
      const chat = new Chats(models).create({ model: 'gpt-4o-mini' });
      expect(chat.sendMessage('Hi').text).toBe('\n\nHello there, how may I assist you today?');
      const chunks: GenerateContentResponse[] = [...chat.sendMessageStream('Again')];
      expect(chunks.map((c) => c.text ?? '').join('')).toBe('Hello! How can I assist you today?');
      expect(chunks.at(-1)?.usageMetadata?.totalTokenCount).toBe(18);
      expect(chat.getHistory(true)).toHaveLength(4);
    } finally {
      models.close();
    }
    const requests = await server.requests('openai');
    expect(requests.map((r) => r.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions']);
    expect(requests.map((r) => r.authorized)).toEqual([true, true]);
    expect(requests[0]?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hi' }],
    });
    expect(requests[1]?.body).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('streams exactly the chunks the async models give', async () => {
    await server.enqueue('openai', sse, sse);
    const options = { baseUrl, apiKey: KEY };
    const params = { model: 'gpt-4o-mini', contents: hello };
    const models = createOpenAIModels(options);
    let bridged: GenerateContentResponse[];
    try {
      bridged = [...models.generateContentStream(params)];
    } finally {
      models.close();
    }
    const direct: GenerateContentResponse[] = [];
    const stream = await createOpenAIAsyncModels(options).generateContentStream(params);
    for await (const chunk of stream) direct.push(chunk);
    expect(bridged.length).toBeGreaterThan(2);
    expect(bridged).toStrictEqual(direct);
    expect(bridged.map((chunk) => JSON.stringify(chunk))).toEqual(
      direct.map((chunk) => JSON.stringify(chunk)),
    );
  });

  it("hands the worker the key found in the caller's environment", async () => {
    // The worker's environment is a copy taken when it started: make sure it has started
    // before the variable is set, so the key can only reach it through the options.
    createOpenAIModels({ baseUrl, apiKey: KEY }).close();
    vi.stubEnv('AZURE_OPENAI_API_KEY', 'azure-key-from-env');
    try {
      const models = createOpenAIModels({ baseUrl, azure: {} });
      try {
        // The fake accepts only a bearer key, so Azure's api-key header gets a 401.
        expect(() => models.generateContent({ model: 'gpt-4o-mini', contents: hello })).toThrow(
          AuthenticationError,
        );
      } finally {
        models.close();
      }
    } finally {
      vi.unstubAllEnvs();
    }
    // The log redacts credentials: a redacted api-key header means the worker had a key.
    expect((await server.requests('openai')).at(-1)?.headers['api-key']).toBe('[redacted]');
  });

  it('refuses an injected fetch, which cannot cross threads, naming the async models', () => {
    const options = { baseUrl, fetch: globalThis.fetch } as Parameters<
      typeof createOpenAIModels
    >[0];
    expect(() => createOpenAIModels(options)).toThrow(ConfigurationError);
    expect(() => createOpenAIModels(options)).toThrow(/createOpenAIAsyncModels with AsyncChat/);
  });
});
