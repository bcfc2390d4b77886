import {
  AbortError,
  type ApiError,
  AsyncChats,
  ConfigurationError,
  functionTool,
  InvalidResponseError,
  RateLimitError,
  ServerError,
  StreamInterruptedError,
} from '@colloquy/chat-core';
import { caught, collect, type SeenRequest, useMswServer } from '@colloquy/test-server/vitest';
import { HttpResponse } from 'msw';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { jsonFixture, sseBody } from './__fixtures__/fixtures';
import { createOpenAIAsyncModels, createOpenAIModels } from './openai-provider';

const OPENAI_URL = 'https://api.openai.com/v1/chat/completions';
const KEY = 'sk-test-0123456789abcdef';

const msw = useMswServer();
afterEach(() => {
  vi.unstubAllEnvs();
});

/** Answers every POST to `url` with `reply()`; what was sent is in the returned list. */
function serve(url: string, reply: () => Response): SeenRequest[] {
  msw.reply(url, reply);
  return msw.seen;
}

function sse(fixture: string): () => Response {
  return () =>
    new HttpResponse(sseBody(fixture), { headers: { 'content-type': 'text/event-stream' } });
}

function json(fixture: string): () => Response {
  return () => HttpResponse.json(jsonFixture(fixture) as Record<string, unknown>);
}

const hello = [{ role: 'user' as const, parts: [{ text: 'Hello' }] }];

describe('createOpenAIAsyncModels against OpenAI', () => {
  it('sends the exact request, with the key only in the Authorization header', async () => {
    const captured = serve(OPENAI_URL, json('openai-text'));
    const models = createOpenAIAsyncModels({ apiKey: KEY, headers: { 'x-team': 'a' } });
    const response = await models.generateContent({
      model: 'gpt-4o-mini',
      contents: hello,
      config: {
        systemInstruction: 'Be brief.',
        temperature: 0,
        maxOutputTokens: 50,
        httpOptions: { headers: { 'x-call': '1' } },
        providerOptions: { openai: { user: 'u-1' } },
      },
    });
    expect(captured).toHaveLength(1);
    const [request] = captured as [SeenRequest];
    expect(request.url).toBe(OPENAI_URL);
    expect(request.url).not.toContain(KEY);
    expect(request.headers).toMatchObject({
      authorization: `Bearer ${KEY}`,
      'content-type': 'application/json',
      'x-team': 'a',
      'x-call': '1',
    });
    expect(request.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hello' },
      ],
      temperature: 0,
      max_completion_tokens: 50,
      user: 'u-1',
    });
    expect(response.text).toBe('\n\nHello there, how may I assist you today?');
    expect(response.finishReason).toBe('STOP');
    expect(response.responseId).toBe('chatcmpl-123');
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 9, totalTokenCount: 21 });
  });

  it('streams text chunks and a last chunk with finish reason and usage', async () => {
    const captured = serve(OPENAI_URL, sse('openai-text'));
    const models = createOpenAIAsyncModels({ apiKey: KEY });
    const chunks = await collect(
      await models.generateContentStream({ model: 'gpt-4o-mini', contents: hello }),
    );
    expect(captured[0]?.headers.accept).toBe('text/event-stream');
    expect(captured[0]?.body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    expect(chunks.map((c) => c.text).join('')).toBe('Hello! How can I assist you today?');
    const last = chunks.at(-1);
    expect(last?.candidates).toEqual([{ finishReason: 'STOP', index: 0 }]);
    expect(last?.usageMetadata?.totalTokenCount).toBe(18);
  });

  it('streams parallel tool calls as whole function calls', async () => {
    serve(OPENAI_URL, sse('openai-tool-calls'));
    const models = createOpenAIAsyncModels({ apiKey: KEY });
    const chunks = await collect(
      await models.generateContentStream({ model: 'gpt-4.1', contents: hello }),
    );
    expect(chunks.flatMap((c) => c.functionCalls ?? []).map((c) => c.args)).toEqual([
      { location: 'Paris, France' },
      { location: 'Bogotá, Colombia' },
    ]);
  });

  it('warns about settings it cannot send, on the reply and on the first streamed chunk', async () => {
    serve(OPENAI_URL, json('openai-text'));
    const models = createOpenAIAsyncModels({ apiKey: KEY });
    const config = { topK: 40, temperature: 0, thinkingConfig: { thinkingBudget: 4096 } };
    const response = await models.generateContent({ model: 'gpt-5', contents: hello, config });
    expect(response.warnings).toEqual([
      { setting: 'topK', provider: 'openai', message: expect.stringMatching(/no top-k/) },
      {
        setting: 'thinkingConfig.thinkingBudget',
        provider: 'openai',
        message: expect.stringMatching(/reasoning_effort/),
      },
    ]);
    msw.reply(OPENAI_URL, sse('openai-text'));
    const chunks = await collect(
      await models.generateContentStream({ model: 'gpt-5', contents: hello, config: { topK: 1 } }),
    );
    expect(chunks[0]?.warnings?.map((warning) => warning.setting)).toEqual(['topK']);
    expect(chunks.slice(1).some((chunk) => chunk.warnings !== undefined)).toBe(false);
    msw.reply(OPENAI_URL, json('openai-text'));
    const plain = await models.generateContent({ model: 'gpt-5', contents: hello });
    expect(plain).not.toHaveProperty('warnings');
  });

  it('leaves out Gemini built-in tools and a cachedContent, with a warning each', async () => {
    const captured = serve(OPENAI_URL, json('openai-text'));
    const models = createOpenAIAsyncModels({ apiKey: KEY });
    const response = await models.generateContent({
      model: 'gpt-5',
      contents: hello,
      config: {
        tools: [{ googleSearch: {} }, { functionDeclarations: [{ name: 'lookup' }] }],
        cachedContent: 'cachedContents/abc',
      },
    });
    expect(response.warnings?.map((warning) => warning.setting)).toEqual([
      'tools',
      'cachedContent',
    ]);
    expect(response.warnings?.[0]?.message).toMatch(/googleSearch is a Gemini built-in tool/);
    const body = captured[0]?.body as Record<string, unknown>;
    expect(body.tools).toEqual([
      { type: 'function', function: { name: 'lookup', parameters: expect.any(Object) } },
    ]);
    expect(body).not.toHaveProperty('cachedContent');
  });

  it('with strict, refuses such a setting with a ConfigurationError before sending', async () => {
    const captured = serve(OPENAI_URL, json('openai-text'));
    const chat = new AsyncChats(createOpenAIAsyncModels({ apiKey: KEY })).create({
      model: 'gpt-5',
      config: { strict: true, topK: 40 },
    });
    const error = await caught(chat.sendMessage('Hi'));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/strict.*topK/);
    expect(captured).toHaveLength(0);
    expect(chat.getHistory()).toEqual([]);
  });

  it("warns about Gemini's settings and about another provider's thoughts it leaves out", async () => {
    const captured = serve(OPENAI_URL, json('openai-text'));
    const models = createOpenAIAsyncModels({ apiKey: KEY });
    const moved = [
      ...hello,
      {
        role: 'model' as const,
        parts: [
          { text: 'Gemini thinking', thought: true, thoughtSignature: 'CiQBjz1rX==' },
          { text: 'Hi!' },
        ],
      },
      { role: 'user' as const, parts: [{ text: 'And?' }] },
    ];
    const response = await models.generateContent({
      model: 'gpt-5',
      contents: moved,
      config: {
        safetySettings: [],
        cachedContent: 'cachedContents/x',
        responseModalities: ['TEXT'],
      },
    });
    expect(response.warnings?.map((w) => w.setting)).toEqual([
      'safetySettings',
      'cachedContent',
      'thoughts',
    ]);
    expect(response.warnings?.at(-1)?.message).toMatch(/signed by another provider/);
    expect(JSON.stringify(captured[0]?.body)).not.toContain('Gemini thinking');

    const error = await caught(
      models.generateContent({ model: 'gpt-5', contents: moved, config: { strict: true } }),
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(captured).toHaveLength(1);
  });

  it('sends streamed reasoning_content back on the assistant message with the tool calls', async () => {
    msw.reply(OPENAI_URL, sse('openai-reasoning-tool-call'), sse('openai-text'));
    const chat = new AsyncChats(createOpenAIAsyncModels({ apiKey: KEY })).create({
      model: 'deepseek-reasoner',
      config: {
        tools: [
          functionTool({ name: 'get_weather', handler: ({ city }) => ({ city, sky: 'sunny' }) }),
        ],
      },
    });
    await collect(await chat.sendMessageStream({ message: 'Weather in Paris?' }));
    const second = msw.seen[1] as SeenRequest<{ messages: Array<Record<string, unknown>> }>;
    expect(second.body.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: '',
        reasoning_content: 'The user asks for the weather; I will call get_weather.',
        tool_calls: [
          {
            id: 'call_00_weather',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_00_weather', content: '{"city":"Paris","sky":"sunny"}' },
    ]);
  });

  it('reads OPENAI_API_KEY when no apiKey is given, and fails fast without one', () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    expect(() => createOpenAIAsyncModels()).toThrow(ConfigurationError);
    expect(() => createOpenAIAsyncModels()).toThrow(/OPENAI_API_KEY/);
    vi.stubEnv('OPENAI_API_KEY', 'sk-env');
    expect(() => createOpenAIAsyncModels()).not.toThrow();
  });

  it('rejects an empty model name before sending anything', async () => {
    const models = createOpenAIAsyncModels({ apiKey: KEY });
    await expect(models.generateContent({ model: ' ', contents: hello })).rejects.toThrow(
      ConfigurationError,
    );
  });
});

describe('errors', () => {
  // Status to class, Retry-After, retries and scrubbing are proved by the kit and by the
  // conformance suite; what is OpenAI's own is its error body and x-request-id header.
  it('reads the OpenAI error body and request id, never the key it echoes', async () => {
    serve(OPENAI_URL, () =>
      HttpResponse.json(
        {
          error: { message: `Problem with ${KEY}`, type: 'requests', code: 'rate_limit_exceeded' },
        },
        { status: 429, headers: { 'x-request-id': 'req_1' } },
      ),
    );
    const models = createOpenAIAsyncModels({ apiKey: KEY, maxRetries: 0 });
    for (const call of [
      models.generateContent({ model: 'gpt-4o-mini', contents: hello }),
      models.generateContentStream({ model: 'gpt-4o-mini', contents: hello }),
    ]) {
      const error = await caught(call);
      expect(RateLimitError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({
        status: 429,
        requestId: 'req_1',
        providerCode: 'requests',
      });
      expect((error as ApiError).providerMessage).toContain('Problem with');
      expect(JSON.stringify((error as ApiError).toJSON())).not.toContain(KEY);
      expect((error as Error).message).not.toContain(KEY);
    }
  });

  it('turns an error object in a 200 body into the typed error', async () => {
    serve(OPENAI_URL, () =>
      HttpResponse.json({ error: { message: 'Rate limit exceeded', code: 429 } }),
    );
    const models = createOpenAIAsyncModels({ apiKey: KEY });
    const error = await caught(models.generateContent({ model: 'm', contents: hello }));
    expect(RateLimitError.isInstance(error)).toBe(true);
  });

  it('rejects a body that is not a chat completion', async () => {
    serve(OPENAI_URL, () => HttpResponse.json({ choices: 'nope' }));
    const models = createOpenAIAsyncModels({ apiKey: KEY });
    const error = await caught(models.generateContent({ model: 'm', contents: hello }));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
  });

  it('throws the typed error of an error event mid-stream, after the chunks before it', async () => {
    serve(OPENAI_URL, sse('openai-error'));
    const models = createOpenAIAsyncModels({ apiKey: KEY });
    const stream = await models.generateContentStream({ model: 'm', contents: hello });
    const seen: string[] = [];
    const error = await caught(
      (async () => {
        for await (const chunk of stream) seen.push(chunk.text ?? '');
      })(),
    );
    expect(seen).toEqual(['Partial']);
    expect(ServerError.isInstance(error)).toBe(true);
  });

  it('throws StreamInterruptedError for a stream cut before its end', async () => {
    serve(OPENAI_URL, sse('openai-truncated'));
    const models = createOpenAIAsyncModels({ apiKey: KEY });
    const stream = await models.generateContentStream({ model: 'm', contents: hello });
    const error = await caught(collect(stream));
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
  });

  it('rejects with AbortError when the caller aborts', async () => {
    serve(OPENAI_URL, json('openai-text'));
    const models = createOpenAIAsyncModels({ apiKey: KEY });
    const controller = new AbortController();
    controller.abort();
    const error = await caught(
      models.generateContent({
        model: 'm',
        contents: hello,
        config: { abortSignal: controller.signal },
      }),
    );
    expect(AbortError.isInstance(error)).toBe(true);
  });
});

describe('Azure OpenAI', () => {
  const deployment = 'https://res.openai.azure.com/openai/deployments/gpt4o';

  it('sends the api-key header and the api-version query, and no bearer token', async () => {
    const captured = serve(`${deployment}/chat/completions`, json('openai-text'));
    const models = createOpenAIAsyncModels({
      baseUrl: deployment,
      apiKey: 'azure-key-123',
      azure: { apiVersion: '2024-10-21' },
    });
    const response = await models.generateContent({ model: 'gpt-4o', contents: hello });
    expect(captured[0]?.url).toBe(`${deployment}/chat/completions?api-version=2024-10-21`);
    expect(captured[0]?.headers['api-key']).toBe('azure-key-123');
    expect(captured[0]?.headers).not.toHaveProperty('authorization');
    expect(response.text).toContain('Hello there');
  });

  it('streams too', async () => {
    const captured = serve(`${deployment}/chat/completions`, sse('openai-text'));
    const models = createOpenAIAsyncModels({
      baseUrl: deployment,
      apiKey: 'azure-key-123',
      azure: { apiVersion: '2024-10-21' },
    });
    const chunks = await collect(
      await models.generateContentStream({ model: 'gpt-4o', contents: hello }),
    );
    expect(captured[0]?.url).toContain('api-version=2024-10-21');
    expect(chunks.at(-1)?.finishReason).toBe('STOP');
  });
});

describe('keyless local servers', () => {
  const ollama = 'http://localhost:11434/v1';

  it('sends no Authorization header and reads replies without usage or [DONE]', async () => {
    vi.stubEnv('OPENAI_API_KEY', 'sk-must-not-leak');
    const captured = serve(`${ollama}/chat/completions`, json('openai-ollama'));
    const models = createOpenAIAsyncModels({ baseUrl: ollama });
    const response = await models.generateContent({ model: 'llama3.2', contents: hello });
    expect(captured[0]?.headers).not.toHaveProperty('authorization');
    expect(JSON.stringify(captured[0]?.headers)).not.toContain('sk-must-not-leak');
    expect(response.text).toBe('The sky is blue because of Rayleigh scattering.');

    serve(`${ollama}/chat/completions`, sse('openai-no-done'));
    const chunks = await collect(
      await models.generateContentStream({ model: 'llama3.2', contents: hello }),
    );
    expect(chunks.map((c) => c.text ?? '').join('')).toBe('The sky is blue.');
    expect(chunks.at(-1)?.finishReason).toBe('STOP');
  });

  it('sends a key given explicitly', async () => {
    const captured = serve(`${ollama}/chat/completions`, json('openai-ollama'));
    const models = createOpenAIAsyncModels({ baseUrl: ollama, apiKey: 'local-key' });
    await models.generateContent({ model: 'llama3.2', contents: hello });
    expect(captured[0]?.headers.authorization).toBe('Bearer local-key');
  });
});

describe('blocked and empty replies stay out of the curated history', () => {
  it.each([
    ['a refusal', 'openai-refusal'],
    ['an empty reply', 'openai-empty'],
  ])('%s (plain)', async (_, fixture) => {
    serve(OPENAI_URL, json(fixture));
    const chat = new AsyncChats(createOpenAIAsyncModels({ apiKey: KEY })).create({
      model: 'gpt-4o-mini',
    });
    const response = await chat.sendMessage('Hello');
    expect(response.candidates?.[0]?.content).toBeUndefined();
    expect(chat.getHistory(true)).toEqual([]);
    expect(chat.getHistory(false)).toHaveLength(2);
  });

  it('no choices at all (plain)', async () => {
    serve(OPENAI_URL, () => HttpResponse.json({ id: 'x', choices: [] }));
    const chat = new AsyncChats(createOpenAIAsyncModels({ apiKey: KEY })).create({ model: 'm' });
    const response = await chat.sendMessage('Hello');
    expect(response.candidates).toBeUndefined();
    expect(chat.getHistory(true)).toEqual([]);
  });

  it('a streamed refusal', async () => {
    serve(OPENAI_URL, sse('openai-refusal'));
    const chat = new AsyncChats(createOpenAIAsyncModels({ apiKey: KEY })).create({ model: 'm' });
    const chunks = await collect(await chat.sendMessageStream('Hello'));
    expect(chunks.at(-1)?.finishReason).toBe('SAFETY');
    expect(chat.getHistory(true)).toEqual([]);
  });

  it('while a good streamed turn is kept', async () => {
    serve(OPENAI_URL, sse('openai-text'));
    const chat = new AsyncChats(createOpenAIAsyncModels({ apiKey: KEY })).create({ model: 'm' });
    await collect(await chat.sendMessageStream('Hello'));
    expect(chat.getHistory(true)).toEqual([
      { role: 'user', parts: [{ text: 'Hello' }] },
      { role: 'model', parts: [{ text: 'Hello! How can I assist you today?' }] },
    ]);
  });
});

describe('createOpenAIModels', () => {
  it('checks the key in the calling thread, before starting a worker', () => {
    vi.stubEnv('OPENAI_API_KEY', '');
    expect(() => createOpenAIModels()).toThrow(/OPENAI_API_KEY/);
  });
});
