import {
  AsyncChats,
  AuthenticationError,
  type GenerateContentResponse,
  InvalidResponseError,
  ServerError,
  StreamInterruptedError,
} from '@colloquy/chat-core';
import { createFakeProvider } from '@colloquy/test-server';
import { useFakeProviders } from '@colloquy/test-server/vitest';
import { describe, expect, it, vi } from 'vitest';
import { createAnthropicAsyncModels } from './anthropic-provider';

// The shared Anthropic emulation of @colloquy/test-server, through msw: its own request
// validation, its scripted replies and its fault injection.

const anthropic = createFakeProvider('anthropic');
useFakeProviders(anthropic);

const KEY = 'test-key';

function models(options: Parameters<typeof createAnthropicAsyncModels>[0] = {}) {
  return createAnthropicAsyncModels({ apiKey: KEY, maxRetries: 0, ...options });
}

async function collect(stream: AsyncIterable<GenerateContentResponse>) {
  const chunks: GenerateContentResponse[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

const hello = {
  model: 'claude-test',
  contents: [{ role: 'user' as const, parts: [{ text: 'hi' }] }],
};

describe('createAnthropicAsyncModels against the Anthropic emulation', () => {
  it('is accepted and authorised, with the key redacted from the log', async () => {
    const response = await models().generateContent(hello);
    expect(response.text).toBe('Echo: hi');
    expect(anthropic.requests).toHaveLength(1);
    expect(anthropic.requests[0]).toMatchObject({
      path: '/v1/messages',
      authorized: true,
      headers: { 'x-api-key': '[redacted]', 'anthropic-version': '2023-06-01' },
      parsed: { model: 'claude-test', stream: false },
    });
  });

  it('chats over a stream, the history carried as alternating messages', async () => {
    anthropic.enqueue({ text: 'Hello there, friend', chunks: ['Hello', ' there,', ' friend'] });
    const chat = new AsyncChats(models()).create({ model: 'claude-test' });
    const chunks = await collect(await chat.sendMessageStream({ message: 'hi' }));
    expect(chunks.map((chunk) => chunk.text).filter(Boolean)).toEqual([
      'Hello',
      ' there,',
      ' friend',
    ]);
    const second = await chat.sendMessage({ message: 'again' });
    expect(second.text).toBe('Echo: again');
    expect(anthropic.requests[1]?.parsed?.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'hi'],
      ['assistant', 'Hello there, friend'],
      ['user', 'again'],
    ]);
  });

  it('goes on after a whitespace-only reply, which the API would refuse to be sent back', async () => {
    anthropic.enqueue({ text: '\n\n' });
    const chat = new AsyncChats(models()).create({ model: 'claude-test' });
    expect((await chat.sendMessage({ message: 'say nothing' })).text).toBe('\n\n');
    // The blank reply is a valid turn, kept in the history...
    expect(chat.getHistory(true)).toHaveLength(2);
    // ...and left out of the next request: the emulation, like the API, refuses blank text.
    expect((await chat.sendMessage({ message: 'now say hi' })).text).toBe(
      'Echo: say nothing\nnow say hi',
    );
    expect(anthropic.requests[1]?.parsed?.messages.map((m) => [m.role, m.text])).toEqual([
      ['user', 'say nothing\nnow say hi'],
    ]);
  });

  it('runs a function-call round trip, streamed and plain', async () => {
    anthropic.enqueue(
      { functionCalls: [{ name: 'add', args: { a: 2, b: 3 } }], text: 'Adding.' },
      { text: 'It is 5.' },
      { functionCalls: [{ name: 'add', args: { a: 5, b: 1 } }] },
    );
    const add = vi.fn(({ a, b }: Record<string, unknown>) => ({ sum: Number(a) + Number(b) }));
    const chat = new AsyncChats(models()).create({
      model: 'claude-test',
      config: { tools: [{ declaration: { name: 'add' }, handler: add }] },
    });
    const streamed = await collect(await chat.sendMessageStream({ message: 'add 2 and 3' }));
    expect(streamed.map((chunk) => chunk.text).join('')).toBe('Adding.It is 5.');
    await chat.sendMessage({ message: 'and 5 and 1' });
    expect(add.mock.calls.map(([args]) => args)).toEqual([
      { a: 2, b: 3 },
      { a: 5, b: 1 },
    ]);
    const last = anthropic.requests.at(-1)?.parsed;
    expect(last?.hasToolResults).toBe(true);
    expect(last?.messages.map((m) => [m.role, m.toolCalls, m.toolResults])).toEqual([
      ['user', 0, 0],
      ['assistant', 1, 0],
      ['user', 0, 1],
      ['assistant', 0, 0],
      ['user', 0, 0],
      ['assistant', 1, 0],
      ['user', 0, 1],
    ]);
  });

  it('keeps blocked and empty replies out of the curated history, streamed or not', async () => {
    anthropic.enqueue({ blocked: true }, { empty: true }, { blocked: true }, { empty: true });
    const chat = new AsyncChats(models()).create({ model: 'claude-test' });
    expect((await chat.sendMessage({ message: 'a' })).finishReason).toBe('SAFETY');
    await chat.sendMessage({ message: 'b' });
    await collect(await chat.sendMessageStream({ message: 'c' }));
    await collect(await chat.sendMessageStream({ message: 'd' }));
    expect(chat.getHistory(true)).toEqual([]);
    expect(chat.getHistory()).toHaveLength(8);
  });

  it('retries a 429 with retry-after-ms and gets the scripted reply', async () => {
    anthropic.enqueue({ fault: 'retry-after', afterMs: 5, format: 'ms' }, { text: 'after wait' });
    const response = await models({ maxRetries: 1 }).generateContent(hello);
    expect(response.text).toBe('after wait');
    expect(anthropic.requests).toHaveLength(2);
  });

  it('reads text whose UTF-8 bytes were split across network chunks', async () => {
    anthropic.enqueue({ fault: 'split-utf8', delayMs: 1 });
    const chunks = await collect(await models().generateContentStream(hello));
    expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe('Grüße aus Köln 🌍');
  });

  it('fails a stream cut mid-way with StreamInterruptedError', async () => {
    anthropic.enqueue({ fault: 'reset-mid-stream', afterEvents: 4, text: 'one two three four' });
    const error = await rejection(collect(await models().generateContentStream(hello)));
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
  });

  it('fails a stream that ends without message_stop with StreamInterruptedError', async () => {
    anthropic.enqueue({ fault: 'no-terminator' });
    const error = await rejection(collect(await models().generateContentStream(hello)));
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
  });

  it('turns the in-stream overloaded error into ServerError 529', async () => {
    anthropic.enqueue({ fault: 'error-event', afterEvents: 4, errorMessage: 'Overloaded now' });
    const error = await rejection(collect(await models().generateContentStream(hello)));
    expect(ServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 529, providerMessage: 'Overloaded now' });
  });

  it('rejects a malformed event with InvalidResponseError', async () => {
    anthropic.enqueue({ fault: 'malformed-event', atEvent: 3 });
    const error = await rejection(collect(await models().generateContentStream(hello)));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
  });

  it('never lets the key reach an error message, even when the server echoes it', async () => {
    anthropic.enqueue({ fault: 'echo-key' });
    const error = await rejection(models().generateContent(hello));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(JSON.stringify(error)).not.toContain(KEY);
    expect((error as Error).message).not.toContain(KEY);
  });

  it('reports a wrong key as AuthenticationError', async () => {
    const error = await rejection(
      createAnthropicAsyncModels({ apiKey: 'sk-ant-wrong-key-000', maxRetries: 0 }).generateContent(
        hello,
      ),
    );
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 401, providerMessage: 'invalid x-api-key' });
  });
});
