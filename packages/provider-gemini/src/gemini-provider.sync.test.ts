import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import {
  ConfigurationError,
  type Content,
  type GenerateContentResponse,
  NotFoundError,
  ServerError,
  StreamInterruptedError,
  TimeoutError,
} from '@colloquy/chat-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFixtureEvents, readFixtureJson } from './__fixtures__/fixtures';
import { type ReplayServer, startReplayServer } from './__fixtures__/replay-server';
import { createGeminiAsyncModels, createGeminiModels } from './gemini-provider';

// The blocking models run the async adapter in a worker thread (from this package's build),
// out of msw's reach: they talk to a real server on 127.0.0.1.

const KEY = 'sync-key-0123456789';
const PLAIN = '/v1beta/models/gemini-2.5-flash:generateContent';
const STREAM = '/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse';
const events = (name: string) => readFixtureEvents(name).map((line) => JSON.parse(line));
// As the recorded API sessions stream: no candidate index, the same detailed usage each time.
const usage = {
  promptTokenCount: 12,
  promptTokensDetails: [{ modality: 'TEXT', tokenCount: 12 }],
  totalTokenCount: 12,
};
const recordedShape = ['Rain', ' lashed', ' against', ' the window.'].map((text, i, all) => ({
  candidates: [
    {
      content: { parts: [{ text }], role: 'model' },
      ...(i === all.length - 1 ? { finishReason: 'STOP' } : {}),
    },
  ],
  modelVersion: 'gemini-2.0-flash',
  responseId: 'otSfaMfSOu3xn9kP5pnMyQ4',
  usageMetadata: i === all.length - 1 ? { ...usage, candidatesTokenCount: 20 } : usage,
}));

let server: ReplayServer;
beforeAll(async () => {
  server = await startReplayServer({
    text: [
      { url: PLAIN, status: 200, stream: false, segments: [readFixtureJson('gemini-text.json')] },
    ],
    stream: [
      { url: STREAM, status: 200, stream: true, segments: events('gemini-text.chunks.txt') },
    ],
    missing: [
      {
        url: PLAIN,
        status: 404,
        stream: false,
        segments: [{ error: { code: 404, message: 'models/x is not found', status: 'NOT_FOUND' } }],
      },
    ],
    cut: [
      { url: STREAM, status: 200, stream: true, segments: events('gemini-interrupted.chunks.txt') },
    ],
    failing: [
      { url: STREAM, status: 200, stream: true, segments: events('gemini-error.chunks.txt') },
    ],
    thinking: [
      { url: STREAM, status: 200, stream: true, segments: events('gemini-thinking.chunks.txt') },
    ],
    'usage-end': [
      {
        url: STREAM,
        status: 200,
        stream: true,
        segments: events('gemini-usage-only-end.chunks.txt'),
      },
    ],
    recorded: [{ url: STREAM, status: 200, stream: true, segments: recordedShape }],
  });
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  vi.stubEnv('GEMINI_API_KEY', '');
  vi.stubEnv('GOOGLE_API_KEY', '');
});

const hello: Content[] = [{ role: 'user', parts: [{ text: 'What causes tides?' }] }];

function models(run: string, scenario: string) {
  return createGeminiModels({ apiKey: KEY, baseUrl: server.baseUrl(run, scenario), maxRetries: 0 });
}

describe('createGeminiModels (blocking, through the worker bridge)', () => {
  it('answers generateContent synchronously with the reply', async () => {
    const response = models('sync', 'text').generateContent({
      model: 'gemini-2.5-flash',
      contents: hello,
      config: { temperature: 0.1 },
    });
    expect(response.text).toBe("Tides come from the Moon's gravity pulling on the oceans.");
    expect(response.finishReason).toBe('STOP');
    expect(response.usageMetadata?.totalTokenCount).toBe(22);

    const [request] = await server.requests('sync', 'text');
    expect(request?.headers['x-goog-api-key']).toBe(KEY);
    expect(request?.url).toBe(PLAIN);
    expect(request?.body).toEqual({ contents: hello, generationConfig: { temperature: 0.1 } });
  });

  it('streams generateContentStream chunk by chunk', () => {
    const chunks: GenerateContentResponse[] = [
      ...models('sync', 'stream').generateContentStream({
        model: 'models/gemini-2.5-flash',
        contents: hello,
      }),
    ];
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(
      "Tides come from the Moon's gravity pulling on the oceans.",
    );
    expect(chunks.at(-1)?.finishReason).toBe('STOP');
  });

  it('streams exactly the chunks the async models give', async () => {
    for (const scenario of ['stream', 'thinking', 'usage-end', 'recorded']) {
      const params = { model: 'gemini-2.5-flash', contents: hello };
      const bridged = [...models('bridged', scenario).generateContentStream(params)];
      const async = createGeminiAsyncModels({
        apiKey: KEY,
        baseUrl: server.baseUrl('async', scenario),
        maxRetries: 0,
      });
      const direct: GenerateContentResponse[] = [];
      for await (const chunk of await async.generateContentStream(params)) direct.push(chunk);
      expect(bridged).toStrictEqual(direct);
      expect(bridged.map((chunk) => JSON.stringify(chunk))).toEqual(
        direct.map((chunk) => JSON.stringify(chunk)),
      );
    }
  });

  it('throws the same typed errors as the async models', () => {
    let error: unknown;
    try {
      models('sync', 'missing').generateContent({ model: 'gemini-2.5-flash', contents: hello });
    } catch (thrown) {
      error = thrown;
    }
    expect(NotFoundError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 404, provider: 'gemini', providerCode: 'NOT_FOUND' });
  });

  it('throws StreamInterruptedError for a cut stream, after its chunks', () => {
    const texts: string[] = [];
    expect(() => {
      for (const chunk of models('sync', 'cut').generateContentStream({
        model: 'gemini-2.5-flash',
        contents: hello,
      }))
        texts.push(chunk.text ?? '');
    }).toThrow(StreamInterruptedError);
    expect(texts).toEqual(['Once upon', ' a time']);
  });

  it('throws the typed error of an in-stream error event', () => {
    expect(() => [
      ...models('sync', 'failing').generateContentStream({
        model: 'gemini-2.5-flash',
        contents: hello,
      }),
    ]).toThrow(ServerError);
  });

  it('fails at creation, in the calling thread, when no key is found', () => {
    expect(() => createGeminiModels({ baseUrl: server.origin })).toThrow(ConfigurationError);
    expect(() => createGeminiModels({ baseUrl: server.origin })).toThrow(/GEMINI_API_KEY/);
  });

  it('refuses a custom fetch, which cannot cross into the worker, naming the async models', () => {
    const options = { apiKey: KEY, fetch: globalThis.fetch } as Parameters<
      typeof createGeminiModels
    >[0];
    expect(() => createGeminiModels(options)).toThrow(ConfigurationError);
    expect(() => createGeminiModels(options)).toThrow(/createGeminiAsyncModels with AsyncChat/);
  });
});

/**
 * Starts @colloquy/test-server's CLI in a child process: it answers every request with
 * `reply`. A separate process, because a blocking call parks this thread, and a server in it
 * could not answer.
 */
async function startFakeServerProcess(
  reply: unknown,
): Promise<{ url: string; child: ChildProcess }> {
  const cli = join(
    dirname(createRequire(import.meta.url).resolve('@colloquy/test-server/package.json')),
    'dist/cli.js',
  );
  const child = spawn(
    process.execPath,
    [cli, '--port', '0', '--api-key', KEY, '--default-reply', JSON.stringify(reply)],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const [line] = await new Promise<string[]>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`test-server exited with ${code}`)));
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    lines.once('line', (first) => resolve([first]));
  });
  return { url: (JSON.parse(line ?? '{}') as { gemini: string }).gemini, child };
}

describe('createGeminiModels against a stalling server', () => {
  let fake: { url: string; child: ChildProcess } | undefined;
  afterAll(() => {
    fake?.child.kill();
  });

  it('applies idleTimeout in the worker: a stalled stream fails with TimeoutError', async () => {
    fake = await startFakeServerProcess({
      fault: 'stall-mid-stream',
      stallMs: 30_000,
      afterEvents: 1,
      text: 'one two three',
      chunks: 3,
    });
    const blocking = createGeminiModels({
      apiKey: KEY,
      baseUrl: fake.url,
      maxRetries: 0,
      idleTimeout: 200,
    });
    const texts: string[] = [];
    let error: unknown;
    try {
      for (const chunk of blocking.generateContentStream({
        model: 'gemini-2.5-flash',
        contents: hello,
      }))
        texts.push(chunk.text ?? '');
    } catch (thrown) {
      error = thrown;
    }
    blocking.close();
    expect(TimeoutError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ phase: 'idle', timeoutMs: 200, provider: 'gemini' });
    expect(texts).toEqual(['one t']);
  });
});
