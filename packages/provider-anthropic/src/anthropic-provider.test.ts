import {
  AsyncChats,
  ConfigurationError,
  InvalidResponseError,
  RateLimitError,
  ServerError,
  StreamInterruptedError,
} from '@colloquy/chat-core';
import { caught, collect, type SeenRequest, useMswServer } from '@colloquy/test-server/vitest';
import { HttpResponse } from 'msw';
import { describe, expect, it, vi } from 'vitest';
import { readFixture } from './__fixtures__/fixtures';
import { createAnthropicAsyncModels } from './anthropic-provider';

const KEY = 'sk-ant-test-0123456789abcdef';
const URL = 'https://api.anthropic.com/v1/messages';

const msw = useMswServer<Record<string, unknown>>();
const captured = msw.seen;

/** Answers each request with the next reply (the last one repeating), recording what was sent. */
function reply(...replies: Array<() => Response>): void {
  msw.reply(URL, ...replies);
}

function json(fixture: string, status = 200): () => Response {
  return () =>
    new HttpResponse(readFixture(fixture), {
      status,
      headers: { 'content-type': 'application/json', 'request-id': 'req_test_1' },
    });
}

function sse(fixture: string): () => Response {
  return () =>
    new HttpResponse(readFixture(fixture), {
      headers: { 'content-type': 'text/event-stream; charset=utf-8' },
    });
}

function models(options: Parameters<typeof createAnthropicAsyncModels>[0] = {}) {
  return createAnthropicAsyncModels({ apiKey: KEY, maxRetries: 0, ...options });
}

describe('createAnthropicAsyncModels: generateContent', () => {
  it('sends the documented request, the key only in x-api-key, and converts the reply', async () => {
    reply(json('anthropic-text.json'));
    const response = await models().generateContent({
      model: 'claude-sonnet-4-5',
      contents: [{ role: 'user', parts: [{ text: 'Hello, Claude' }] }],
      config: { systemInstruction: 'Be brief.', temperature: 0.5 },
    });
    expect(captured).toHaveLength(1);
    const sent = captured[0] as SeenRequest<Record<string, unknown>>;
    expect(sent.url).toBe(URL);
    expect(sent.url).not.toContain(KEY);
    expect(sent.headers).toMatchObject({
      'x-api-key': KEY,
      'anthropic-version': '2023-06-01',
      'content-type': 'application/json',
    });
    expect(sent.headers).not.toHaveProperty('authorization');
    expect(sent.body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello, Claude' }] }],
      system: 'Be brief.',
      temperature: 0.5,
    });
    expect(response.text).toBe('Hi! My name is Claude.');
    expect(response.responseId).toBe('msg_013Zva2CMHLNnXjNJJKqJ2EF');
    expect(response.usageMetadata?.totalTokenCount).toBe(2598);
  });

  it('uses baseUrl, anthropicVersion, defaultMaxTokens and extra headers', async () => {
    msw.reply('http://127.0.0.1:9/proxy/v1/messages', json('anthropic-text.json'));
    await models({
      baseUrl: 'http://127.0.0.1:9/proxy/',
      anthropicVersion: '2024-01-01',
      defaultMaxTokens: 256,
      headers: { 'anthropic-beta': 'files-api-2025-04-14' },
    }).generateContent({ model: 'm', contents: [{ role: 'user', parts: [{ text: 'Hi' }] }] });
    expect(captured[0]?.headers).toMatchObject({
      'anthropic-version': '2024-01-01',
      'anthropic-beta': 'files-api-2025-04-14',
    });
    expect(captured[0]?.body.max_tokens).toBe(256);
  });

  it('returns function calls with their ids', async () => {
    reply(json('anthropic-tool-use.json'));
    const response = await models().generateContent({
      model: 'claude-sonnet-4-5',
      contents: [{ role: 'user', parts: [{ text: 'Weather in SF?' }] }],
      config: {
        tools: [{ functionDeclarations: [{ name: 'get_weather' }] }],
        toolConfig: { functionCallingConfig: { mode: 'ANY' } },
      },
    });
    expect(captured[0]?.body).toMatchObject({
      tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: {} } }],
      tool_choice: { type: 'any' },
    });
    expect(response.functionCalls).toEqual([
      {
        id: 'toolu_01A09q90qw90lq917835lq9',
        name: 'get_weather',
        args: { location: 'San Francisco, CA', unit: 'celsius' },
      },
    ]);
  });

  // Status to class, Retry-After and scrubbing are proved by the kit and by the conformance
  // suite; what is Anthropic's own is its error body and request-id header.
  it('reads the Anthropic error body and request id, never the key it echoes', async () => {
    reply(() =>
      HttpResponse.json(
        {
          type: 'error',
          error: { type: 'rate_limit_error', message: `Slow down, ${KEY}` },
          request_id: 'req_x',
        },
        { status: 429, headers: { 'request-id': 'req_x' } },
      ),
    );
    const error = await caught(
      models().generateContent({
        model: 'm',
        contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
      }),
    );
    expect(RateLimitError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      status: 429,
      provider: 'anthropic',
      providerCode: 'rate_limit_error',
      requestId: 'req_x',
    });
    expect((error as RateLimitError).providerMessage).toContain('Slow down');
    expect((error as Error).message).not.toContain(KEY);
  });

  it('retries an overloaded (529) reply and then succeeds', async () => {
    reply(
      () =>
        HttpResponse.json(
          { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
          { status: 529, headers: { 'retry-after-ms': '1' } },
        ),
      json('anthropic-text.json'),
    );
    const response = await models({ maxRetries: 2 }).generateContent({
      model: 'm',
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
    });
    expect(captured).toHaveLength(2);
    expect(response.text).toBe('Hi! My name is Claude.');
  });

  it('keeps a refusal and an empty reply out of the curated history', async () => {
    reply(
      json('anthropic-refusal.json'),
      json('anthropic-empty.json'),
      json('anthropic-text.json'),
    );
    const chat = new AsyncChats(models()).create({ model: 'm' });
    const refused = await chat.sendMessage({ message: 'Something bad' });
    expect(refused.finishReason).toBe('SAFETY');
    const empty = await chat.sendMessage({ message: 'Say nothing' });
    expect(empty.text).toBeUndefined();
    await chat.sendMessage({ message: 'Hello' });
    expect(chat.getHistory(true)).toEqual([
      { role: 'user', parts: [{ text: 'Hello' }] },
      { role: 'model', parts: [{ text: 'Hi! My name is Claude.' }] },
    ]);
    // The next request carries only the curated turns.
    expect(captured[2]?.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Hello' }] },
    ]);
  });

  it('rejects a body that is not a Messages response', async () => {
    reply(() => HttpResponse.json({ hello: 'world' }));
    const error = await caught(
      models().generateContent({
        model: 'm',
        contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
      }),
    );
    expect((error as Error).name).toBe('InvalidResponseError');
  });

  it('fails before any request when a part cannot be sent', async () => {
    reply(json('anthropic-text.json'));
    const error = await caught(
      models().generateContent({
        model: 'm',
        contents: [
          { role: 'user', parts: [{ inlineData: { mimeType: 'video/mp4', data: 'AA==' } }] },
        ],
      }),
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(captured).toHaveLength(0);
  });
});

describe('createAnthropicAsyncModels: generateContentStream', () => {
  it('sends stream: true and yields text chunks, then finish reason and usage', async () => {
    reply(sse('anthropic-text.chunks.txt'));
    const chunks = await collect(
      await models().generateContentStream({
        model: 'claude-opus-4-6',
        contents: [{ role: 'user', parts: [{ text: 'Hello' }] }],
      }),
    );
    expect(captured[0]?.body).toEqual({
      model: 'claude-opus-4-6',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
      stream: true,
    });
    expect(captured[0]?.headers).toMatchObject({ 'x-api-key': KEY, accept: 'text/event-stream' });
    expect(chunks.map((chunk) => chunk.text)).toEqual(['Hello', '!', undefined]);
    expect(chunks.at(-1)?.finishReason).toBe('STOP');
    expect(chunks.at(-1)?.usageMetadata?.totalTokenCount).toBe(40);
  });

  it('streams a tool call whole, and a chat sends it back paired with its result', async () => {
    reply(sse('anthropic-tool-use.chunks.txt'), sse('anthropic-text.chunks.txt'));
    const getWeather = vi.fn(() => ({ temperature: 58 }));
    const chat = new AsyncChats(models()).create({
      model: 'claude-opus-4-6',
      config: {
        tools: [
          {
            declaration: {
              name: 'get_weather',
              parametersJsonSchema: {
                type: 'object',
                properties: { location: { type: 'string' }, unit: { type: 'string' } },
              },
            },
            handler: getWeather,
          },
        ],
      },
    });
    const stream = await chat.sendMessageStream({ message: 'Weather in SF?' });
    await collect(stream);
    expect(getWeather).toHaveBeenCalledWith({ location: 'San Francisco, CA', unit: 'fahrenheit' });
    const second = captured[1]?.body.messages as Array<{ role: string; content: unknown[] }>;
    expect(second.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [
          { type: 'text', text: "Okay, let's check the weather for San Francisco, CA:" },
          {
            type: 'tool_use',
            id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
            name: 'get_weather',
            input: { location: 'San Francisco, CA', unit: 'fahrenheit' },
          },
        ],
      },
      {
        role: 'user',
        content: [
          {
            type: 'tool_result',
            tool_use_id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
            content: '{"temperature":58}',
          },
        ],
      },
    ]);
  });

  it('round-trips a streamed thinking turn: signature and redacted block go back intact', async () => {
    reply(sse('anthropic-thinking.chunks.txt'), sse('anthropic-text.chunks.txt'));
    const chat = new AsyncChats(models()).create({ model: 'claude-opus-4-6' });
    const chunks = await collect(await chat.sendMessageStream({ message: 'GCD of 1071 and 462?' }));
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(
      'The greatest common divisor of 1071 and 462 is **21**.',
    );
    await collect(await chat.sendMessageStream({ message: 'Thanks' }));
    const messages = captured[1]?.body.messages as Array<{ role: string; content: unknown[] }>;
    expect(messages[1]).toEqual({
      role: 'assistant',
      content: [
        {
          type: 'thinking',
          thinking:
            'I need to find the GCD of 1071 and 462 using the Euclidean algorithm.\n\n1071 = 2 × 462 + 147\n462 = 3 × 147 + 21\n147 = 7 × 21 + 0\n\nSo GCD(1071, 462) = 21',
          signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds',
        },
        {
          type: 'redacted_thinking',
          data: 'EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB9URj2pLmN3kF8/dW5hR7xJ0aP1oLs9yTcMnKVf2wRpEGjH9XZaBt4UvDcPrQ',
        },
        { type: 'text', text: 'The greatest common divisor of 1071 and 462 is **21**.' },
      ],
    });
  });

  it('keeps a streamed refusal and an empty streamed reply out of the curated history', async () => {
    reply(
      sse('anthropic-refusal.chunks.txt'),
      sse('anthropic-empty.chunks.txt'),
      sse('anthropic-text.chunks.txt'),
    );
    const chat = new AsyncChats(models()).create({ model: 'm' });
    await collect(await chat.sendMessageStream({ message: 'Something bad' }));
    await collect(await chat.sendMessageStream({ message: 'Say nothing' }));
    await collect(await chat.sendMessageStream({ message: 'Hello' }));
    expect(chat.getHistory(true)).toEqual([
      { role: 'user', parts: [{ text: 'Hello' }] },
      { role: 'model', parts: [{ text: 'Hello!' }] },
    ]);
  });

  it('throws the overloaded error event as a ServerError 529 after the text before it', async () => {
    reply(sse('anthropic-error.chunks.txt'));
    const stream = await models().generateContentStream({
      model: 'm',
      contents: [{ role: 'user', parts: [{ text: 'Story' }] }],
    });
    const texts: Array<string | undefined> = [];
    const error = await caught(
      (async () => {
        for await (const chunk of stream) texts.push(chunk.text);
      })(),
    );
    expect(texts).toEqual(['Once upon']);
    expect(ServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 529, providerCode: 'overloaded_error' });
  });

  it('throws StreamInterruptedError when the stream ends without message_stop', async () => {
    reply(sse('anthropic-truncated.chunks.txt'));
    const stream = await models().generateContentStream({
      model: 'm',
      contents: [{ role: 'user', parts: [{ text: 'Story' }] }],
    });
    const error = await caught(collect(stream));
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ chunksReceived: 2 });
  });

  it('warns about seed and penalties on the first chunk and on the streamed turn', async () => {
    reply(sse('anthropic-text.chunks.txt'));
    const chat = new AsyncChats(models()).create({
      model: 'claude-sonnet-4-5',
      config: { seed: 7, presencePenalty: 0.5, frequencyPenalty: 0.5, temperature: 0 },
    });
    const chunks = await collect(await chat.sendMessageStream({ message: 'Hi' }));
    expect(chunks[0]?.warnings?.map((warning) => [warning.setting, warning.provider])).toEqual([
      ['seed', 'anthropic'],
      ['presencePenalty', 'anthropic'],
      ['frequencyPenalty', 'anthropic'],
    ]);
    expect(captured[0]?.body).not.toHaveProperty('seed');
  });

  it('with strict, refuses a setting it would drop before sending', async () => {
    reply(sse('anthropic-text.chunks.txt'));
    const chat = new AsyncChats(models()).create({
      model: 'claude-sonnet-4-5',
      config: { strict: true, seed: 7 },
    });
    const error = await caught(chat.sendMessageStream({ message: 'Hi' }));
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/strict.*seed/);
    expect(captured).toHaveLength(0);
  });

  it('fails a spliced stream (a second message_start before message_stop) and curates nothing', async () => {
    reply(sse('anthropic-spliced.chunks.txt'));
    const chat = new AsyncChats(models()).create({ model: 'claude-sonnet-4-5' });
    const texts: Array<string | undefined> = [];
    const error = await caught(
      (async () => {
        for await (const chunk of await chat.sendMessageStream({ message: 'Weather in Paris?' })) {
          texts.push(chunk.text);
        }
      })(),
    );
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/second message_start/);
    // Nothing of the second message came out, and the turn is not a reply.
    expect(texts).not.toContain('It is sunny in Paris.');
    expect(chat.getHistory(true)).toEqual([]);
    expect(chat.getTurns().map((turn) => turn.status)).toEqual(['interrupted']);
  });

  it('maps an HTTP error before the stream to its class', async () => {
    reply(() =>
      HttpResponse.json(
        { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
        { status: 529 },
      ),
    );
    const error = await caught(
      models().generateContentStream({
        model: 'm',
        contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
      }),
    );
    expect(ServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 529 });
  });

  it('cancels the body when the consumer stops early', async () => {
    let cancelled = false;
    const text = readFixture('anthropic-text.chunks.txt');
    // Injected fetch: the body stream is ours, so its cancel is observable.
    const fetch = async () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode(text.slice(0, text.indexOf('"!"'))));
          },
          cancel() {
            cancelled = true;
          },
        }),
        { headers: { 'content-type': 'text/event-stream' } },
      );
    const stream = await models({ fetch }).generateContentStream({
      model: 'm',
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
    });
    for await (const chunk of stream) {
      expect(chunk.text).toBe('Hello');
      break;
    }
    expect(cancelled).toBe(true);
  });
});

describe('createAnthropicAsyncModels: options', () => {
  it('fails at creation without a key, naming the option and ANTHROPIC_API_KEY', () => {
    vi.stubEnv('ANTHROPIC_API_KEY', '');
    try {
      expect(() => createAnthropicAsyncModels()).toThrow(ConfigurationError);
      expect(() => createAnthropicAsyncModels()).toThrow(/ANTHROPIC_API_KEY.*apiKey/);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('reads the key from ANTHROPIC_API_KEY', async () => {
    vi.stubEnv('ANTHROPIC_API_KEY', 'sk-ant-from-env-000000');
    try {
      reply(json('anthropic-text.json'));
      await createAnthropicAsyncModels({ maxRetries: 0 }).generateContent({
        model: 'm',
        contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
      });
      expect(captured[0]?.headers['x-api-key']).toBe('sk-ant-from-env-000000');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it.each([
    [{ defaultMaxTokens: 0 }, /defaultMaxTokens/],
    [{ defaultMaxTokens: 1.5 }, /defaultMaxTokens/],
    [{ baseUrl: 'api.anthropic.com' }, /baseUrl/],
    [{ anthropicVersion: ' ' }, /anthropicVersion/],
    [{ leadingUserText: '' }, /leadingUserText/],
  ])('refuses bad options at creation: %j', (bad, message) => {
    expect(() => createAnthropicAsyncModels({ apiKey: KEY, ...bad })).toThrow(message);
  });

  it('uses the injected fetch, resolved at call time', async () => {
    const fetch = vi.fn(async () => json('anthropic-text.json')());
    const response = await models({ fetch }).generateContent({
      model: 'm',
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
    });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(response.text).toBe('Hi! My name is Claude.');
  });
});
