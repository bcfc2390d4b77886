import { AsyncChats, ServerError } from '@colloquy/chat-core';
import { createFakeProvider } from '@colloquy/test-server';
import { caught, collect, useFakeProviders } from '@colloquy/test-server/vitest';
import { describe, expect, it, vi } from 'vitest';
import { createAnthropicAsyncModels } from './anthropic-provider';

// The adapter against @colloquy/test-server's Anthropic emulation (msw, in-process), for what
// is Anthropic's own: its request validation, alternating roles, blank text, tool results and
// the overloaded error event. Text, function calls, blocked and empty replies, HTTP errors,
// retries and stream faults in general are the conformance suite's (and the fault matrix's).

const anthropic = createFakeProvider('anthropic');
useFakeProviders(anthropic);

const KEY = 'test-key';

function models(options: Parameters<typeof createAnthropicAsyncModels>[0] = {}) {
  return createAnthropicAsyncModels({ apiKey: KEY, maxRetries: 0, ...options });
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

  it('turns the in-stream overloaded error into ServerError 529', async () => {
    anthropic.enqueue({
      text: 'Hello there',
      failAfterChunks: 1,
      error: { name: 'ServerError', providerMessage: 'Overloaded now' },
    });
    const error = await caught(collect(await models().generateContentStream(hello)));
    expect(ServerError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ status: 529, providerMessage: 'Overloaded now' });
  });
});
