import {
  ConfigurationError,
  type Content,
  type GenerateContentResponse,
} from '@colloquy/chat-core';
import {
  type FakeServerThread,
  type ScriptedReply,
  startFakeServerThread,
} from '@colloquy/test-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  readFixtureEvents,
  readFixtureJson,
  recordedGeminiReply,
  urlOf,
} from './__fixtures__/fixtures';
import { createGeminiAsyncModels, createGeminiModels } from './gemini-provider';

// The blocking models run the async adapter in a worker thread (from this package's build),
// out of msw's reach: they talk to a real server on 127.0.0.1. Typed errors and faults across
// the thread are the conformance suite's and the fault matrix's; here, Gemini's own shapes.

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

const json = (name: string) => recordedGeminiReply([readFixtureJson(name)], { stream: false });
const sse = (segments: unknown[]) => recordedGeminiReply(segments, { stream: true });
const replies: Record<string, ScriptedReply> = {
  text: json('gemini-text.json'),
  stream: sse(events('gemini-text.chunks.txt')),
  thinking: sse(events('gemini-thinking.chunks.txt')),
  'usage-end': sse(events('gemini-usage-only-end.chunks.txt')),
  recorded: sse(recordedShape),
};

let server: FakeServerThread;
let baseUrl: string;
beforeAll(async () => {
  server = await startFakeServerThread({ gemini: { apiKey: KEY } });
  baseUrl = server.baseUrlFor('gemini');
});
afterEach(async () => {
  await server.reset();
});
afterAll(async () => {
  await server?.close();
});
beforeEach(() => {
  vi.stubEnv('GEMINI_API_KEY', '');
  vi.stubEnv('GOOGLE_API_KEY', '');
});

const hello: Content[] = [{ role: 'user', parts: [{ text: 'What causes tides?' }] }];

/** Blocking models whose next request gets the named reply. */
async function models(reply: string) {
  await server.enqueue('gemini', replies[reply] as ScriptedReply);
  return createGeminiModels({ apiKey: KEY, baseUrl, maxRetries: 0 });
}

describe('createGeminiModels (blocking, through the worker bridge)', () => {
  it('answers generateContent synchronously with the reply', async () => {
    const response = (await models('text')).generateContent({
      model: 'gemini-2.5-flash',
      contents: hello,
      config: { temperature: 0.1 },
    });
    expect(response.text).toBe("Tides come from the Moon's gravity pulling on the oceans.");
    expect(response.finishReason).toBe('STOP');
    expect(response.usageMetadata?.totalTokenCount).toBe(22);

    const [request] = await server.requests('gemini');
    expect(request?.authorized).toBe(true);
    expect(request?.headers['x-goog-api-key']).toBe('[redacted]');
    expect(urlOf(request)).toBe(PLAIN);
    expect(request?.body).toEqual({ contents: hello, generationConfig: { temperature: 0.1 } });
  });

  it('streams generateContentStream chunk by chunk', async () => {
    const chunks: GenerateContentResponse[] = [
      ...(await models('stream')).generateContentStream({
        model: 'models/gemini-2.5-flash',
        contents: hello,
      }),
    ];
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(
      "Tides come from the Moon's gravity pulling on the oceans.",
    );
    expect(chunks.at(-1)?.finishReason).toBe('STOP');
    // 'models/' is dropped, and the stream asks for SSE.
    expect((await server.requests('gemini')).map(urlOf)).toEqual([STREAM]);
  });

  it('streams exactly the chunks the async models give', async () => {
    for (const scenario of ['stream', 'thinking', 'usage-end', 'recorded']) {
      const params = { model: 'gemini-2.5-flash', contents: hello };
      const bridged = [...(await models(scenario)).generateContentStream(params)];
      await server.enqueue('gemini', replies[scenario] as ScriptedReply);
      const async = createGeminiAsyncModels({ apiKey: KEY, baseUrl, maxRetries: 0 });
      const direct: GenerateContentResponse[] = [];
      for await (const chunk of await async.generateContentStream(params)) direct.push(chunk);
      expect(bridged).toStrictEqual(direct);
      expect(bridged.map((chunk) => JSON.stringify(chunk))).toEqual(
        direct.map((chunk) => JSON.stringify(chunk)),
      );
    }
  });

  it('fails at creation, in the calling thread, when no key is found', () => {
    expect(() => createGeminiModels({ baseUrl })).toThrow(ConfigurationError);
    expect(() => createGeminiModels({ baseUrl })).toThrow(/GEMINI_API_KEY/);
  });

  it('refuses a custom fetch, which cannot cross into the worker, naming the async models', () => {
    const options = { apiKey: KEY, fetch: globalThis.fetch } as Parameters<
      typeof createGeminiModels
    >[0];
    expect(() => createGeminiModels(options)).toThrow(ConfigurationError);
    expect(() => createGeminiModels(options)).toThrow(/createGeminiAsyncModels with AsyncChat/);
  });
});
