import { Worker } from 'node:worker_threads';
import {
  AuthenticationError,
  Chats,
  ConfigurationError,
  type GenerateContentResponse,
} from '@colloquy/chat-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { jsonFixture, sseBody } from './__fixtures__/fixtures';
import { createOpenAIAsyncModels, createOpenAIModels } from './openai-provider';

/*
 * The bridge runs the adapter in a worker thread, where msw cannot reach, and a blocking call
 * blocks this thread, so the server must live in a thread of its own: a node:http server on
 * 127.0.0.1 in a worker, answering from the fixtures. The bridge loads the built package
 * (dist), so `tsup` must have run before this file.
 */
const serverSource = `
const { createServer } = require('node:http');
const { parentPort, workerData } = require('node:worker_threads');
const requests = [];
const server = createServer((req, res) => {
  let text = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => { text += chunk; });
  req.on('end', () => {
    if (req.method === 'GET' && req.url === '/requests') {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify(requests));
      return;
    }
    const body = JSON.parse(text);
    requests.push({ url: req.url, headers: req.headers, body });
    if (req.headers.authorization !== 'Bearer ' + workerData.key) {
      res.statusCode = 401;
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', code: 'invalid_api_key' } }));
      return;
    }
    res.setHeader('content-type', body.stream ? 'text/event-stream' : 'application/json');
    res.end(body.stream ? workerData.sse : workerData.json);
  });
});
server.listen(0, '127.0.0.1', () => parentPort.postMessage(server.address().port));
`;

const KEY = 'sk-sync-test-key';
let worker: Worker;
let origin: string;

interface Seen {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

async function seen(): Promise<Seen[]> {
  return (await (await fetch(`${origin}/requests`)).json()) as Seen[];
}

beforeAll(async () => {
  worker = new Worker(serverSource, {
    eval: true,
    workerData: {
      key: KEY,
      json: JSON.stringify(jsonFixture('openai-text')),
      sse: sseBody('openai-text'),
    },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  origin = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await worker.terminate();
});

const hello = [{ role: 'user' as const, parts: [{ text: 'Hello' }] }];

describe('createOpenAIModels (blocking, through the worker bridge)', () => {
  it('answers plain and streamed sends of a blocking Chat', async () => {
    const models = createOpenAIModels({ baseUrl: `${origin}/v1`, apiKey: KEY });
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
    const requests = await seen();
    expect(requests.map((r) => r.url)).toEqual(['/v1/chat/completions', '/v1/chat/completions']);
    expect(requests[0]?.headers.authorization).toBe(`Bearer ${KEY}`);
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
    const options = { baseUrl: `${origin}/v1`, apiKey: KEY };
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

  it('rethrows typed errors in the calling thread', () => {
    const models = createOpenAIModels({ baseUrl: `${origin}/v1`, apiKey: 'wrong', maxRetries: 0 });
    try {
      let error: unknown;
      try {
        models.generateContent({ model: 'm', contents: hello });
      } catch (caught) {
        error = caught;
      }
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect((error as AuthenticationError).status).toBe(401);
    } finally {
      models.close();
    }
  });

  it("hands the worker the key found in the caller's environment", async () => {
    // The worker's environment is a copy taken when it started: make sure it has started
    // before the variable is set, so the key can only reach it through the options.
    createOpenAIModels({ baseUrl: `${origin}/v1`, apiKey: KEY }).close();
    vi.stubEnv('AZURE_OPENAI_API_KEY', 'azure-key-from-env');
    try {
      const models = createOpenAIModels({ baseUrl: `${origin}/openai/v1`, azure: {} });
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
    expect((await seen()).at(-1)?.headers['api-key']).toBe('azure-key-from-env');
  });

  it('refuses an injected fetch, which cannot cross threads, naming the async models', () => {
    const options = { baseUrl: origin, fetch: globalThis.fetch } as Parameters<
      typeof createOpenAIModels
    >[0];
    expect(() => createOpenAIModels(options)).toThrow(ConfigurationError);
    expect(() => createOpenAIModels(options)).toThrow(/createOpenAIAsyncModels with AsyncChat/);
  });
});
