import {
  AbortError,
  AsyncChats,
  ConfigurationError,
  type Content,
  InvalidResponseError,
  RateLimitError,
  ServerError,
  StreamInterruptedError,
} from '@colloquy/chat-core';
import { caught, collect, useMswServer } from '@colloquy/test-server/vitest';
import fc from 'fast-check';
import { HttpResponse } from 'msw';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { readFixtureEvents, readFixtureJson, sseBodyOf } from './__fixtures__/fixtures';
import { createGeminiAsyncModels } from './gemini-provider';

const KEY = 'test-gemini-key-1234567890';
const ORIGIN = 'https://generativelanguage.googleapis.com';

const msw = useMswServer();
const seen = msw.seen;

beforeEach(() => {
  // The key must come from the options in these tests, never from the machine's environment.
  vi.stubEnv('GEMINI_API_KEY', '');
  vi.stubEnv('GOOGLE_API_KEY', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Answers every Gemini call with `reply` and records what was sent. */
function answer(reply: () => Response | Promise<Response>, origin = ORIGIN): void {
  msw.reply(new RegExp(`^${origin.replace(/[.]/g, '\\.')}/`), reply);
}

function sse(events: readonly string[], status = 200): Response {
  return new HttpResponse(sseBodyOf(events), {
    status,
    headers: { 'content-type': 'text/event-stream' },
  });
}

const hello: Content[] = [{ role: 'user', parts: [{ text: 'What causes tides?' }] }];

describe('createGeminiAsyncModels: generateContent', () => {
  it('posts the converted request with the key in a header and returns the reply', async () => {
    answer(() => HttpResponse.json(readFixtureJson('gemini-text.json')));
    const models = createGeminiAsyncModels({ apiKey: KEY });
    const response = await models.generateContent({
      model: 'gemini-2.5-flash',
      contents: hello,
      config: { systemInstruction: 'Be brief.', temperature: 0.2 },
    });

    expect(seen).toHaveLength(1);
    const [request] = seen;
    expect(request?.url).toBe(`${ORIGIN}/v1beta/models/gemini-2.5-flash:generateContent`);
    expect(request?.headers['x-goog-api-key']).toBe(KEY);
    expect(request?.headers['content-type']).toBe('application/json');
    expect(request?.url).not.toContain(KEY);
    expect(request?.body).toEqual({
      contents: hello,
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: { temperature: 0.2 },
    });

    expect(response.text).toBe("Tides come from the Moon's gravity pulling on the oceans.");
    expect(response.finishReason).toBe('STOP');
    expect(response.usageMetadata?.totalTokenCount).toBe(22);
    expect(response.modelVersion).toBe('gemini-2.5-flash');
    expect(response.responseId).toBe('resp-text-1');
  });

  it('accepts the model as "models/x" and other resource names, and a baseUrl with a slash', async () => {
    answer(() => HttpResponse.json(readFixtureJson('gemini-text.json')), 'http://proxy.test');
    const models = createGeminiAsyncModels({ apiKey: KEY, baseUrl: 'http://proxy.test/gemini/' });
    await models.generateContent({ model: 'models/gemini-2.5-flash', contents: hello });
    await models.generateContent({ model: 'tunedModels/my-tune-01', contents: hello });
    expect(seen.map((request) => request.url)).toEqual([
      'http://proxy.test/gemini/v1beta/models/gemini-2.5-flash:generateContent',
      'http://proxy.test/gemini/v1beta/tunedModels/my-tune-01:generateContent',
    ]);
  });

  it('refuses a function response that cannot be serialised (a BigInt) before sending', async () => {
    answer(() => HttpResponse.json(readFixtureJson('gemini-text.json')));
    const error = await caught(
      createGeminiAsyncModels({ apiKey: KEY }).generateContent({
        model: 'gemini-2.5-flash',
        contents: [
          { role: 'user', parts: [{ text: 'Count' }] },
          { role: 'model', parts: [{ functionCall: { name: 'count', args: {} } }] },
          { role: 'user', parts: [{ functionResponse: { name: 'count', response: { n: 10n } } }] },
        ],
      }),
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(seen).toHaveLength(0);
  });

  it('warns about Vertex AI-only settings and foreign thoughts it leaves out; strict refuses them', async () => {
    answer(() => HttpResponse.json(readFixtureJson('gemini-text.json')));
    const models = createGeminiAsyncModels({ apiKey: KEY });
    const moved: Content[] = [
      ...hello,
      {
        role: 'model',
        parts: [
          { text: 'Claude thinking', thought: true, thoughtSignature: 'anthropic:EqQB' },
          { text: 'Gravity.' },
        ],
      },
      { role: 'user', parts: [{ text: 'More?' }] },
    ];
    const response = await models.generateContent({
      model: 'gemini-2.5-flash',
      contents: moved,
      config: { routingConfig: { autoMode: {} } },
    });
    expect(response.warnings).toEqual([
      {
        setting: 'routingConfig',
        provider: 'gemini',
        message: expect.stringContaining('Vertex AI only'),
      },
      {
        setting: 'thoughts',
        provider: 'gemini',
        message: expect.stringContaining('a thought in the history signed by another provider'),
      },
    ]);
    expect(seen[0]?.body).not.toHaveProperty('generationConfig.routingConfig');

    const strict = await caught(
      models.generateContent({
        model: 'gemini-2.5-flash',
        contents: moved,
        config: { strict: true },
      }),
    );
    expect(ConfigurationError.isInstance(strict)).toBe(true);
    expect((strict as Error).message).toMatch(/thoughts \(left out/);
    expect(seen).toHaveLength(1);
  });

  it('rejects an empty model name before sending anything', async () => {
    answer(() => HttpResponse.json(readFixtureJson('gemini-text.json')));
    const models = createGeminiAsyncModels({ apiKey: KEY });
    await expect(models.generateContent({ model: ' ', contents: hello })).rejects.toThrow(
      ConfigurationError,
    );
    expect(seen).toHaveLength(0);
  });

  it('sends the adapter headers and per-call headers', async () => {
    answer(() => HttpResponse.json(readFixtureJson('gemini-text.json')));
    const models = createGeminiAsyncModels({ apiKey: KEY, headers: { 'x-team': 'colloquy' } });
    await models.generateContent({
      model: 'gemini-2.5-flash',
      contents: hello,
      config: { httpOptions: { headers: { 'x-trace': 'abc' } } },
    });
    expect(seen[0]?.headers).toMatchObject({
      'x-goog-api-key': KEY,
      'x-team': 'colloquy',
      'x-trace': 'abc',
    });
  });

  it('keeps function-call ids, thoughts and signatures from the reply', async () => {
    answer(() => HttpResponse.json(readFixtureJson('gemini-function-call.json')));
    const models = createGeminiAsyncModels({ apiKey: KEY });
    const response = await models.generateContent({ model: 'gemini-2.5-pro', contents: hello });
    expect(response.functionCalls).toEqual([
      { id: 'fc-7f3a', name: 'getWeather', args: { city: 'Lyon' } },
    ]);
    expect(response.candidates?.[0]?.content?.parts[0]).toEqual({
      text: 'Checking the forecast.',
      thought: true,
    });
    expect(response.candidates?.[0]?.content?.parts[1]?.thoughtSignature).toBe(
      'c2lnbmF0dXJlLW9uZQ==',
    );
  });

  it('returns a blocked prompt as a response with no candidates', async () => {
    answer(() => HttpResponse.json(readFixtureJson('gemini-blocked.json')));
    const models = createGeminiAsyncModels({ apiKey: KEY });
    const response = await models.generateContent({ model: 'gemini-2.5-flash', contents: hello });
    expect(response.candidates).toBeUndefined();
    expect(response.promptFeedback?.blockReason).toBe('SAFETY');
  });

  it('returns an empty reply as a candidate without content', async () => {
    answer(() => HttpResponse.json(readFixtureJson('gemini-empty.json')));
    const models = createGeminiAsyncModels({ apiKey: KEY });
    const response = await models.generateContent({ model: 'gemini-2.5-flash', contents: hello });
    expect(response.candidates).toEqual([{ finishReason: 'MAX_TOKENS', index: 0 }]);
  });

  it('throws the typed error for an error object in a 200 body', async () => {
    answer(() =>
      HttpResponse.json({ error: { code: 429, message: 'Quota', status: 'RESOURCE_EXHAUSTED' } }),
    );
    const models = createGeminiAsyncModels({ apiKey: KEY });
    const error = await caught(
      models.generateContent({ model: 'gemini-2.5-flash', contents: hello }),
    );
    expect(RateLimitError.isInstance(error)).toBe(true);
  });

  it('rejects a body it cannot read with InvalidResponseError', async () => {
    answer(() => HttpResponse.json({ candidates: 'none' }));
    const models = createGeminiAsyncModels({ apiKey: KEY });
    await expect(
      models.generateContent({ model: 'gemini-2.5-flash', contents: hello }),
    ).rejects.toThrow(InvalidResponseError);
  });

  it('aborts through config.abortSignal', async () => {
    answer(() => HttpResponse.json(readFixtureJson('gemini-text.json')));
    const controller = new AbortController();
    controller.abort();
    const models = createGeminiAsyncModels({ apiKey: KEY });
    const error = await caught(
      models.generateContent({
        model: 'gemini-2.5-flash',
        contents: hello,
        config: { abortSignal: controller.signal },
      }),
    );
    expect(AbortError.isInstance(error)).toBe(true);
  });
});

describe('createGeminiAsyncModels: errors', () => {
  // Status to class, Retry-After, retries and scrubbing are proved by the kit and by the
  // conformance suite; what is Gemini's own is its error envelope, read on both paths.
  for (const stream of [false, true]) {
    it(`reads Google's error envelope, never the key it echoes (${stream ? 'stream' : 'plain'})`, async () => {
      answer(() =>
        HttpResponse.json(
          {
            error: {
              code: 429,
              message: `Quota exceeded for ${KEY}`,
              status: 'RESOURCE_EXHAUSTED',
            },
          },
          { status: 429 },
        ),
      );
      const models = createGeminiAsyncModels({ apiKey: KEY, maxRetries: 0 });
      const params = { model: 'gemini-2.5-flash', contents: hello };
      const error = await caught(
        stream ? models.generateContentStream(params) : models.generateContent(params),
      );
      expect(RateLimitError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        status: 429,
        provider: 'gemini',
        providerCode: 'RESOURCE_EXHAUSTED',
      });
      expect((error as RateLimitError).providerMessage).toContain('Quota exceeded for');
      expect((error as Error).message).not.toContain(KEY);
      expect(JSON.stringify(error)).not.toContain(KEY);
    });
  }
});

describe('createGeminiAsyncModels: generateContentStream', () => {
  it('posts to streamGenerateContent?alt=sse and yields one chunk per event', async () => {
    answer(() => sse(readFixtureEvents('gemini-text.chunks.txt')));
    const models = createGeminiAsyncModels({ apiKey: KEY });
    const stream = await models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: hello,
      config: { maxOutputTokens: 100 },
    });
    const chunks = await collect(stream);

    expect(seen[0]?.url).toBe(
      `${ORIGIN}/v1beta/models/gemini-2.5-flash:streamGenerateContent?alt=sse`,
    );
    expect(seen[0]?.headers['x-goog-api-key']).toBe(KEY);
    expect(seen[0]?.headers.accept).toBe('text/event-stream');
    expect(seen[0]?.body).toEqual({ contents: hello, generationConfig: { maxOutputTokens: 100 } });

    expect(chunks.map((chunk) => chunk.text)).toEqual([
      'Tides',
      " come from the Moon's",
      ' gravity pulling on the oceans.',
      '',
    ]);
    expect(chunks.at(-1)?.finishReason).toBe('STOP');
    expect(chunks.at(-1)?.usageMetadata?.totalTokenCount).toBe(22);
  });

  it('ends thinking streams with a content-less finish chunk', async () => {
    answer(() => sse(readFixtureEvents('gemini-thinking.chunks.txt')));
    const models = createGeminiAsyncModels({ apiKey: KEY });
    const chunks = await collect(
      await models.generateContentStream({ model: 'gemini-2.5-pro', contents: hello }),
    );
    expect(chunks[0]?.candidates?.[0]?.content?.parts[0]?.thought).toBe(true);
    expect(chunks.at(-1)?.candidates).toEqual([{ finishReason: 'STOP', index: 0 }]);
  });

  it('throws StreamInterruptedError when the stream ends without a finishReason', async () => {
    answer(() => sse(readFixtureEvents('gemini-interrupted.chunks.txt')));
    const models = createGeminiAsyncModels({ apiKey: KEY });
    const stream = await models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: hello,
    });
    const texts: string[] = [];
    const error = await caught(
      (async () => {
        for await (const chunk of stream) texts.push(chunk.text ?? '');
      })(),
    );
    expect(texts).toEqual(['Once upon', ' a time']);
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
  });

  it('throws the typed error of an in-stream error event', async () => {
    answer(() => sse(readFixtureEvents('gemini-error.chunks.txt')));
    const models = createGeminiAsyncModels({ apiKey: KEY });
    const stream = await models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: hello,
    });
    const error = await caught(collect(stream));
    expect(ServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 503, providerCode: 'UNAVAILABLE' });
  });

  it('records candidate 0 of a candidateCount: 2 stream; the other stays on the chunks', async () => {
    answer(() => sse(readFixtureEvents('gemini-two-candidates.chunks.txt')));
    const chat = new AsyncChats(createGeminiAsyncModels({ apiKey: KEY })).create({
      model: 'gemini-2.5-flash',
      config: { candidateCount: 2 },
    });
    const chunks = await collect(await chat.sendMessageStream({ message: 'Two answers, please' }));
    expect(seen[0]?.body).toMatchObject({ generationConfig: { candidateCount: 2 } });
    expect(chat.getHistory(true)[1]).toEqual({ role: 'model', parts: [{ text: 'A1 A2' }] });
    expect(chat.getTurns().map((turn) => turn.status)).toEqual(['complete']);
    const second = chunks.flatMap((chunk) =>
      (chunk.candidates ?? []).filter((candidate) => candidate.index === 1),
    );
    expect(second.map((candidate) => candidate.content?.parts[0]?.text)).toEqual(['B1 ', 'B2']);
  });

  it('streams a blocked prompt as one chunk with no candidates, without an error', async () => {
    answer(() => sse(readFixtureEvents('gemini-blocked.chunks.txt')));
    const models = createGeminiAsyncModels({ apiKey: KEY });
    const chunks = await collect(
      await models.generateContentStream({ model: 'gemini-2.5-flash', contents: hello }),
    );
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.candidates).toBeUndefined();
    expect(chunks[0]?.promptFeedback?.blockReason).toBe('PROHIBITED_CONTENT');
  });
});

describe('createGeminiAsyncModels: built-in tools', () => {
  it('sends googleSearch and codeExecution, and a chat keeps code parts and grounding', async () => {
    const grounding = {
      webSearchQueries: ['population of Paris'],
      groundingChunks: [{ web: { uri: 'https://example.com/paris', title: 'example.com' } }],
      groundingSupports: [
        { segment: { startIndex: 0, endIndex: 8, text: '2102650.' }, groundingChunkIndices: [0] },
      ],
      searchEntryPoint: { renderedContent: '<div>Paris population</div>' },
    };
    answer(() =>
      sse([
        JSON.stringify({
          candidates: [
            {
              content: {
                role: 'model',
                parts: [{ executableCode: { language: 'PYTHON', code: 'print(2102650)' } }],
              },
            },
          ],
        }),
        JSON.stringify({
          candidates: [
            {
              content: {
                role: 'model',
                parts: [{ codeExecutionResult: { outcome: 'OUTCOME_OK', output: '2102650\n' } }],
              },
            },
          ],
        }),
        JSON.stringify({
          candidates: [
            {
              content: { role: 'model', parts: [{ text: '2102650.' }] },
              finishReason: 'STOP',
              groundingMetadata: grounding,
            },
          ],
        }),
      ]),
    );
    const chat = new AsyncChats(createGeminiAsyncModels({ apiKey: KEY })).create({
      model: 'gemini-2.5-flash',
      config: { tools: [{ googleSearch: {} }, { codeExecution: {} }] },
    });
    const chunks = await collect(await chat.sendMessageStream({ message: 'Population of Paris?' }));
    expect(seen[0]?.body).toMatchObject({ tools: [{ googleSearch: {} }, { codeExecution: {} }] });
    expect(chunks.at(-1)?.candidates?.[0]?.groundingMetadata).toEqual(grounding);
    expect(chat.getHistory(true)[1]?.parts).toEqual([
      { executableCode: { language: 'PYTHON', code: 'print(2102650)' } },
      { codeExecutionResult: { outcome: 'OUTCOME_OK', output: '2102650\n' } },
      { text: '2102650.' },
    ]);
    expect(chat.getTurns().map((turn) => turn.status)).toEqual(['complete']);
  });
});

describe('createGeminiAsyncModels: API key', () => {
  it('fails at creation when no key is found, naming the option and both variables', () => {
    let error: unknown;
    try {
      createGeminiAsyncModels();
    } catch (thrown) {
      error = thrown;
    }
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/GEMINI_API_KEY/);
    expect((error as Error).message).toMatch(/GOOGLE_API_KEY/);
    expect((error as Error).message).toMatch(/apiKey/);
  });

  it('reads GEMINI_API_KEY, then GOOGLE_API_KEY', async () => {
    answer(() => HttpResponse.json(readFixtureJson('gemini-text.json')));
    vi.stubEnv('GOOGLE_API_KEY', 'google-key');
    await createGeminiAsyncModels().generateContent({ model: 'gemini-2.5-flash', contents: hello });
    vi.stubEnv('GEMINI_API_KEY', 'gemini-key');
    await createGeminiAsyncModels().generateContent({ model: 'gemini-2.5-flash', contents: hello });
    await createGeminiAsyncModels({ apiKey: 'option-key' }).generateContent({
      model: 'gemini-2.5-flash',
      contents: hello,
    });
    expect(seen.map((request) => request.headers['x-goog-api-key'])).toEqual([
      'google-key',
      'gemini-key',
      'option-key',
    ]);
  });
});

describe('createGeminiAsyncModels: network chunking', () => {
  /** Streams `pieces` as the body of a Gemini SSE reply through an injected fetch. */
  async function streamPieces(pieces: readonly Uint8Array[]): Promise<string[]> {
    const fetch: typeof globalThis.fetch = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            for (const piece of pieces) controller.enqueue(piece);
            controller.close();
          },
        }),
        { status: 200, headers: { 'content-type': 'text/event-stream' } },
      );
    const models = createGeminiAsyncModels({ apiKey: KEY, fetch });
    const stream = await models.generateContentStream({
      model: 'gemini-2.5-flash',
      contents: hello,
    });
    return (await collect(stream)).map((chunk) => JSON.stringify(chunk));
  }

  it('gives the same chunks however the byte stream is cut (property)', async () => {
    const events = [
      ...readFixtureEvents('gemini-multibyte.chunks.txt').slice(0, -1),
      ...readFixtureEvents('gemini-thinking.chunks.txt'),
    ];
    const bytes = new TextEncoder().encode(sseBodyOf(events));
    const whole = await streamPieces([bytes]);
    expect(whole).toHaveLength(events.length);
    expect(whole.join('')).toContain('👩‍👩‍👧');

    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 40 }),
        async (cuts) => {
          const bounds = [0, ...cuts.sort((a, b) => a - b), bytes.length];
          const pieces = bounds.slice(1).map((end, i) => bytes.subarray(bounds[i], end));
          expect(await streamPieces(pieces)).toEqual(whole);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('reads a stream delivered one byte at a time', async () => {
    const bytes = new TextEncoder().encode(
      sseBodyOf(readFixtureEvents('gemini-multibyte.chunks.txt')),
    );
    const pieces = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    const chunks = (await streamPieces(pieces)).map((json) => JSON.parse(json));
    expect(chunks[0].candidates[0].content.parts[0].text).toBe('Voilà : « les marées » 🌊');
    expect(chunks[2].candidates[0].content.parts[0].functionCall).toEqual({
      id: 'fc-ü',
      name: 'noter',
      args: { mot: 'Ἀθῆναι 👩‍👩‍👧' },
    });
  });
});
