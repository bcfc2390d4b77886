import {
  AsyncChats,
  AuthenticationError,
  type Content,
  type GenerateContentResponse,
  InvalidResponseError,
  isValidResponse,
  RateLimitError,
  ServerError,
  StreamInterruptedError,
} from '@colloquy/chat-core';
import { createFakeProvider } from '@colloquy/test-server';
import { useFakeProviders } from '@colloquy/test-server/vitest';
import { describe, expect, it } from 'vitest';
import { createGeminiAsyncModels } from './gemini-provider';

// The adapter against @colloquy/test-server's Gemini emulation (msw, in-process): its wire
// format, auth answers and faults are written independently of this adapter.

const gemini = createFakeProvider('gemini');
useFakeProviders(gemini);

const models = () => createGeminiAsyncModels({ apiKey: 'test-key', maxRetries: 0 });
const hello: Content[] = [{ role: 'user', parts: [{ text: 'hi' }] }];
const params = { model: 'gemini-2.5-flash', contents: hello };

async function collect(stream: AsyncIterable<GenerateContentResponse>) {
  const chunks: GenerateContentResponse[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

async function failure(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error,
  );
}

describe('createGeminiAsyncModels against the Gemini emulation', () => {
  it('reads a plain and a streamed text reply', async () => {
    gemini.enqueue({ text: 'Hello there, friend.' }, { text: 'Hello there, friend.', chunks: 3 });
    const plain = await models().generateContent(params);
    expect(plain.text).toBe('Hello there, friend.');
    expect(plain.finishReason).toBe('STOP');

    const chunks = await collect(await models().generateContentStream(params));
    expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe('Hello there, friend.');
    expect(chunks.at(-1)?.finishReason).toBe('STOP');
    expect(gemini.requests.map((request) => request.parsed?.messages.at(-1)?.text)).toEqual([
      'hi',
      'hi',
    ]);
    expect(gemini.requests[1]?.parsed?.stream).toBe(true);
  });

  it('keeps the ids of function calls, and sends their responses back', async () => {
    gemini.enqueue(
      { functionCalls: [{ id: 'call-9', name: 'getWeather', args: { city: 'Lyon' } }] },
      { text: 'It is sunny.' },
    );
    const chat = new AsyncChats(models()).create({
      model: 'gemini-2.5-flash',
      config: {
        tools: [
          {
            declaration: { name: 'getWeather', parametersJsonSchema: { type: 'object' } },
            handler: () => ({ sky: 'sunny' }),
          },
        ],
      },
    });
    const reply = await chat.sendMessage('Weather in Lyon?');
    expect(reply.text).toBe('It is sunny.');
    const history = chat.getHistory(true);
    expect(history[1]?.parts[0]?.functionCall).toEqual({
      id: 'call-9',
      name: 'getWeather',
      args: { city: 'Lyon' },
    });
    expect(history[2]?.parts[0]?.functionResponse).toEqual({
      id: 'call-9',
      name: 'getWeather',
      response: { sky: 'sunny' },
    });
    expect(gemini.requests[1]?.parsed?.hasToolResults).toBe(true);
  });

  it('gives blocked and empty replies that the chat keeps out of the curated history', async () => {
    gemini.enqueue({ blocked: true }, { empty: true }, { blocked: true }, { empty: true });
    const blocked = await models().generateContent(params);
    const empty = await models().generateContent(params);
    expect(blocked.finishReason).toBe('SAFETY');
    expect(isValidResponse(blocked)).toBe(false);
    expect(empty.finishReason).toBe('STOP');
    expect(isValidResponse(empty)).toBe(false);

    const chat = new AsyncChats(models()).create({ model: 'gemini-2.5-flash' });
    await chat.sendMessage('first');
    await collect(await chat.sendMessageStream('second'));
    expect(chat.getHistory(true)).toEqual([]);
    expect(chat.getTurns().map((turn) => turn.status)).toEqual(['invalid', 'invalid']);
  });

  it('reports a wrong API key (Gemini answers 400 API_KEY_INVALID) as AuthenticationError', async () => {
    const wrong = createGeminiAsyncModels({ apiKey: 'not-the-key', maxRetries: 0 });
    for (const call of [wrong.generateContent(params), wrong.generateContentStream(params)]) {
      const error = await failure(call);
      expect(AuthenticationError.isInstance(error)).toBe(true);
      expect(error).toMatchObject({ status: 400, providerCode: 'INVALID_ARGUMENT' });
    }
  });

  it('maps error replies to their classes', async () => {
    gemini.enqueue({ status: 429 }, { status: 503, errorMessage: 'The model is overloaded.' });
    expect(RateLimitError.isInstance(await failure(models().generateContent(params)))).toBe(true);
    const error = await failure(models().generateContentStream(params));
    expect(ServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ providerMessage: 'The model is overloaded.' });
  });

  it('reports faults mid-stream with the right errors', async () => {
    gemini.enqueue(
      { fault: 'no-terminator', text: 'cut short', chunks: 2 },
      { fault: 'error-event', afterEvents: 1, text: 'one two three', chunks: 3 },
      { fault: 'malformed-event', atEvent: 1, text: 'one two', chunks: 2 },
      { fault: 'reset-mid-stream', afterEvents: 1, text: 'one two', chunks: 2 },
    );
    const cut = await failure(collect(await models().generateContentStream(params)));
    expect(StreamInterruptedError.isInstance(cut)).toBe(true);
    const event = await failure(collect(await models().generateContentStream(params)));
    expect(ServerError.isInstance(event)).toBe(true);
    const malformed = await failure(collect(await models().generateContentStream(params)));
    expect(InvalidResponseError.isInstance(malformed)).toBe(true);
    const reset = await failure(collect(await models().generateContentStream(params)));
    expect(StreamInterruptedError.isInstance(reset)).toBe(true);
  });

  it('reads a multibyte character split across network chunks', async () => {
    gemini.enqueue({ fault: 'split-utf8', text: 'Grüße aus Köln 🌍', delayMs: 1 });
    const chunks = await collect(await models().generateContentStream(params));
    expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe('Grüße aus Köln 🌍');
  });
});
