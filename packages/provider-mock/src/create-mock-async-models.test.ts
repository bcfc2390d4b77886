import {
  AbortError,
  ConfigurationError,
  type Content,
  GenerateContentResponse,
  RateLimitError,
  ServerError,
  StreamInterruptedError,
} from '@colloquy/chat-core';
import type { GenerateContentParameters } from '@colloquy/chat-core/spec';
import { describe, expect, it } from 'vitest';
import { createMockAsyncModels } from './create-mock-async-models';

const hello: Content[] = [{ role: 'user', parts: [{ text: 'hello there' }] }];
const params = (extra: Partial<GenerateContentParameters> = {}): GenerateContentParameters => ({
  model: 'mock-1',
  contents: hello,
  ...extra,
});

async function collect(iterable: AsyncIterable<GenerateContentResponse>) {
  const chunks: GenerateContentResponse[] = [];
  for await (const chunk of iterable) chunks.push(chunk);
  return chunks;
}

describe('createMockAsyncModels', () => {
  it('answers a text turn with a complete response', async () => {
    const models = createMockAsyncModels([{ text: 'hi there' }]);
    const response = await models.generateContent(params());
    expect(response).toBeInstanceOf(GenerateContentResponse);
    expect(response.text).toBe('hi there');
    expect(response).toEqual({
      candidates: [
        { content: { role: 'model', parts: [{ text: 'hi there' }] }, finishReason: 'STOP' },
      ],
      usageMetadata: { promptTokenCount: 2, candidatesTokenCount: 2, totalTokenCount: 4 },
      modelVersion: 'mock-1',
    });
  });

  it('streams word-sized chunks and ends with finishReason and usage', async () => {
    const models = createMockAsyncModels([{ text: 'one two three' }]);
    const chunks = await collect(await models.generateContentStream(params()));
    expect(chunks.map((c) => c.text)).toEqual(['one ', 'two ', 'three']);
    expect(chunks.every((c) => c instanceof GenerateContentResponse)).toBe(true);
    expect(chunks.slice(0, -1).map((c) => c.finishReason)).toEqual([undefined, undefined]);
    expect(chunks.at(-1)?.finishReason).toBe('STOP');
    expect(chunks.at(-1)?.usageMetadata).toEqual({
      promptTokenCount: 2,
      candidatesTokenCount: 3,
      totalTokenCount: 5,
    });
  });

  it('streams the scripted split, finish reason and usage', async () => {
    const usage = { promptTokenCount: 7, candidatesTokenCount: 8, totalTokenCount: 15 };
    const models = createMockAsyncModels([
      { text: 'hi there', chunks: ['h', 'i there'], finishReason: 'MAX_TOKENS', usage },
    ]);
    const chunks = await collect(await models.generateContentStream(params()));
    expect(chunks.map((c) => c.text)).toEqual(['h', 'i there']);
    expect(chunks.at(-1)?.finishReason).toBe('MAX_TOKENS');
    expect(chunks.at(-1)?.usageMetadata).toEqual(usage);
  });

  it('returns function calls, with their ids when scripted', async () => {
    const models = createMockAsyncModels([
      {
        functionCalls: [
          { name: 'get_weather', args: { city: 'Paris' }, id: 'c1' },
          { name: 'now' },
        ],
      },
    ]);
    const response = await models.generateContent(params());
    expect(response.functionCalls).toEqual([
      { id: 'c1', name: 'get_weather', args: { city: 'Paris' } },
      { name: 'now', args: {} },
    ]);
    expect(response.finishReason).toBe('STOP');
  });

  it('streams text before function calls, the calls in the final chunk', async () => {
    const models = createMockAsyncModels([
      { text: 'Let me check.', functionCalls: [{ name: 'f' }] },
    ]);
    const chunks = await collect(await models.generateContentStream(params()));
    expect(chunks.map((c) => c.text)).toEqual(['Let ', 'me ', 'check.', undefined]);
    expect(chunks.at(-1)?.functionCalls).toEqual([{ name: 'f', args: {} }]);
    expect(chunks.at(-1)?.finishReason).toBe('STOP');
  });

  it('produces the empty, blocked, prompt-blocked and invalid shapes', async () => {
    const models = createMockAsyncModels([
      { empty: true },
      { blocked: 'SAFETY' },
      { promptBlocked: 'PROHIBITED_CONTENT' },
      { invalid: true },
    ]);
    const empty = await models.generateContent(params());
    expect(empty.candidates).toEqual([
      { content: { role: 'model', parts: [] }, finishReason: 'STOP' },
    ]);
    const blocked = await models.generateContent(params());
    expect(blocked.candidates).toEqual([{ finishReason: 'SAFETY' }]);
    expect(blocked.text).toBeUndefined();
    const [promptBlocked] = await collect(await models.generateContentStream(params()));
    expect(promptBlocked?.candidates).toBeUndefined();
    expect(promptBlocked?.promptFeedback).toEqual({ blockReason: 'PROHIBITED_CONTENT' });
    const invalid = await models.generateContent(params());
    expect(invalid.candidates?.[0]?.content?.parts).toEqual([{}]);
  });

  it('throws scripted errors as chat-core classes with their fields', async () => {
    const models = createMockAsyncModels([
      { error: { name: 'RateLimitError', retryAfterMs: 1500, requestId: 'req-1' } },
      { error: { name: 'ServerError', status: 503, provider: 'gemini', message: 'down' } },
    ]);
    const rateLimited = await models.generateContent(params()).catch((e: unknown) => e);
    expect(RateLimitError.isInstance(rateLimited)).toBe(true);
    expect(rateLimited).toMatchObject({
      status: 429,
      retryAfterMs: 1500,
      provider: 'mock',
      requestId: 'req-1',
      isRetryable: true,
    });
    // A streaming call rejects before any iterator exists, like a failed HTTP request.
    const server = await models.generateContentStream(params()).catch((e: unknown) => e);
    expect(server).toBeInstanceOf(ServerError);
    expect(server).toMatchObject({ status: 503, provider: 'gemini', message: 'down' });
  });

  it('breaks a stream after failAfterChunks with StreamInterruptedError', async () => {
    const models = createMockAsyncModels([{ text: 'a b c d', failAfterChunks: 2 }]);
    const seen: string[] = [];
    const stream = await models.generateContentStream(params());
    const error = await (async () => {
      for await (const chunk of stream) seen.push(chunk.text ?? '');
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['a ', 'b ']);
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ chunksReceived: 2, provider: 'mock' });
  });

  it('breaks a stream with the scripted error, and fails a non-streaming call outright', async () => {
    const turn = { text: 'a b c', failAfterChunks: 1, error: { name: 'ServerError' as const } };
    const models = createMockAsyncModels([turn, turn]);
    const stream = await models.generateContentStream(params());
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) seen.push(chunk.text ?? '');
      })(),
    ).rejects.toBeInstanceOf(ServerError);
    expect(seen).toEqual(['a ']);
    await expect(models.generateContent(params())).rejects.toBeInstanceOf(ServerError);
  });

  it('passes raw responses and raw chunks through, merging chunks when not streaming', async () => {
    const chunkA = {
      candidates: [{ content: { role: 'model' as const, parts: [{ text: 'x' }] } }],
    };
    const chunkB = {
      candidates: [
        { content: { role: 'model' as const, parts: [{ text: 'y' }] }, finishReason: 'OTHER' },
      ],
      responseId: 'r9',
    };
    const models = createMockAsyncModels([
      { response: { responseId: 'r1', candidates: [] } },
      { streamChunks: [chunkA, chunkB] },
      { streamChunks: [chunkA, chunkB] },
    ]);
    expect(await models.generateContent(params())).toEqual({ responseId: 'r1', candidates: [] });
    const chunks = await collect(await models.generateContentStream(params()));
    expect(chunks).toEqual([chunkA, chunkB]);
    const merged = await models.generateContent(params());
    expect(merged.text).toBe('xy');
    expect(merged).toMatchObject({ responseId: 'r9', candidates: [{ finishReason: 'OTHER' }] });
  });

  it('rejects a pre-aborted call with AbortError without consuming a turn or logging it', async () => {
    const models = createMockAsyncModels([{ text: 'unused' }]);
    const controller = new AbortController();
    controller.abort(new Error('user left'));
    const config = { abortSignal: controller.signal };
    await expect(models.generateContent(params({ config }))).rejects.toBeInstanceOf(AbortError);
    await expect(models.generateContentStream(params({ config }))).rejects.toBeInstanceOf(
      AbortError,
    );
    expect(models.remaining).toBe(1);
    expect(models.requests).toEqual([]);
  });

  it('aborts a stream between chunks', async () => {
    const models = createMockAsyncModels([{ text: 'a b c d' }]);
    const controller = new AbortController();
    const stream = await models.generateContentStream(
      params({ config: { abortSignal: controller.signal } }),
    );
    const seen: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) {
        seen.push(chunk.text ?? '');
        if (seen.length === 2) controller.abort();
      }
    })().catch((e: unknown) => e);
    expect(seen).toEqual(['a ', 'b ']);
    expect(AbortError.isInstance(error)).toBe(true);
  });

  it('reports an abort made on the last chunk before a scripted stream failure', async () => {
    const models = createMockAsyncModels([
      { text: 'a b', chunks: ['a ', 'b'], failAfterChunks: 1, error: { name: 'TimeoutError' } },
    ]);
    const controller = new AbortController();
    const stream = await models.generateContentStream(
      params({ config: { abortSignal: controller.signal } }),
    );
    const error = await (async () => {
      for await (const _ of stream) controller.abort();
    })().catch((e: unknown) => e);
    expect(AbortError.isInstance(error)).toBe(true);
  });

  it('aborts during a scripted delay', async () => {
    const models = createMockAsyncModels([{ text: 'late', delayMs: 60_000 }]);
    const controller = new AbortController();
    const pending = models.generateContent(params({ config: { abortSignal: controller.signal } }));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('logs deep copies of every request, without the abort signal', async () => {
    const models = createMockAsyncModels([{ text: 'a' }, { text: 'b' }]);
    const contents: Content[] = [{ role: 'user', parts: [{ text: 'q' }] }];
    const controller = new AbortController();
    await models.generateContent({
      model: 'm',
      contents,
      config: { temperature: 0.5, abortSignal: controller.signal },
    });
    await collect(await models.generateContentStream({ model: 'n', contents }));
    contents[0]?.parts.push({ text: 'mutated later' });
    expect(models.requests).toEqual([
      {
        model: 'm',
        contents: [{ role: 'user', parts: [{ text: 'q' }] }],
        config: { temperature: 0.5 },
      },
      { model: 'n', contents: [{ role: 'user', parts: [{ text: 'q' }] }] },
    ]);
  });

  it('enqueues turns, counts what remains, and resets to the original script', async () => {
    const models = createMockAsyncModels({ turns: [{ text: 'first' }] });
    models.enqueue({ text: 'second' }, { text: 'third' });
    expect(models.remaining).toBe(3);
    expect((await models.generateContent(params())).text).toBe('first');
    expect((await models.generateContent(params())).text).toBe('second');
    expect(models.remaining).toBe(1);
    models.reset();
    expect(models.remaining).toBe(1);
    expect(models.requests).toEqual([]);
    expect((await models.generateContent(params())).text).toBe('first');
  });

  it('rejects a malformed enqueued turn with ConfigurationError', () => {
    const models = createMockAsyncModels();
    expect(() => models.enqueue({ txt: 'typo' } as never)).toThrow(ConfigurationError);
    expect(models.remaining).toBe(0);
  });

  it('reports the script model as modelVersion', async () => {
    const models = createMockAsyncModels({ turns: [{ text: 'a' }], model: 'mock-pro' });
    expect((await models.generateContent(params())).modelVersion).toBe('mock-pro');
  });

  it('does not let a caller mutate the script through a response', async () => {
    const models = createMockAsyncModels([{ functionCalls: [{ name: 'f', args: { n: 1 } }] }]);
    const first = await models.generateContent(params());
    (first.functionCalls?.[0]?.args as { n: number }).n = 99;
    models.reset();
    expect((await models.generateContent(params())).functionCalls?.[0]?.args).toEqual({ n: 1 });
  });

  it('falls back to a deterministic reply when the script runs out', async () => {
    const models = createMockAsyncModels();
    const response = await models.generateContent(params());
    expect(response.text).toBe('Mock reply 1: you said "hello there".');
    const chunks = await collect(await models.generateContentStream(params()));
    expect(chunks.map((c) => c.text).join('')).toBe(response.text);
    expect(chunks.at(-1)?.finishReason).toBe('STOP');
  });
});
