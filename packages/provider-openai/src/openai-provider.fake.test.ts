import {
  AsyncChats,
  AuthenticationError,
  functionTool,
  type GenerateContentResponse,
  InvalidResponseError,
  ServerError,
  StreamInterruptedError,
} from '@colloquy/chat-core';
import { createFakeProvider } from '@colloquy/test-server';
import { useFakeProviders } from '@colloquy/test-server/vitest';
import { describe, expect, it } from 'vitest';
import { createOpenAIAsyncModels } from './openai-provider';

// The shared OpenAI emulation of @colloquy/test-server, served through msw.
const fake = createFakeProvider('openai');
useFakeProviders(fake);

const models = () => createOpenAIAsyncModels({ apiKey: 'test-key', maxRetries: 1 });
const hello = [{ role: 'user' as const, parts: [{ text: 'Hello' }] }];

async function collect(
  stream: AsyncIterable<GenerateContentResponse>,
): Promise<GenerateContentResponse[]> {
  const out: GenerateContentResponse[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

async function caught(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('createOpenAIAsyncModels against the OpenAI emulation', () => {
  it('answers plain and streamed requests', async () => {
    fake.enqueue({ text: 'Hi there' }, { text: 'Hi there', chunks: ['Hi', ' there'] });
    const plain = await models().generateContent({ model: 'gpt-4o-mini', contents: hello });
    expect(plain.text).toBe('Hi there');
    expect(plain.finishReason).toBe('STOP');
    const chunks = await collect(
      await models().generateContentStream({ model: 'gpt-4o-mini', contents: hello }),
    );
    expect(chunks.map((c) => c.text)).toEqual(['Hi', ' there', undefined]);
    expect(chunks.at(-1)?.usageMetadata?.totalTokenCount).toBeGreaterThan(0);
    expect(fake.requests.map((r) => r.parsed?.includeUsage)).toEqual([false, true]);
  });

  it('runs automatic function calling end to end, ids pairing calls and results', async () => {
    fake.enqueue(
      { functionCalls: [{ name: 'get_weather', args: { city: 'Paris' } }] },
      { text: 'It is 21 °C in Paris.' },
    );
    const weather = functionTool({
      name: 'get_weather',
      description: 'Weather for a city',
      parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' } } },
      handler: ({ city }) => ({ city, tempC: 21 }),
    });
    const chat = new AsyncChats(models()).create({
      model: 'gpt-4o-mini',
      config: { tools: [weather] },
    });
    const response = await chat.sendMessage('Weather in Paris?');
    expect(response.text).toBe('It is 21 °C in Paris.');
    const second = fake.requests[1]?.body as {
      messages: Array<{ role: string; tool_calls?: Array<{ id: string }>; tool_call_id?: string }>;
      tools: unknown;
    };
    const callId = second.messages[1]?.tool_calls?.[0]?.id;
    expect(callId).toMatch(/^call_/);
    expect(second.messages[2]).toEqual({
      role: 'tool',
      tool_call_id: callId,
      content: '{"city":"Paris","tempC":21}',
    });
    expect(second.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: { type: 'object', properties: { city: { type: 'string' } } },
        },
      },
    ]);
  });

  it('keeps blocked and empty replies out of the curated history', async () => {
    fake.enqueue({ blocked: true }, { empty: true }, { blocked: true });
    const chat = new AsyncChats(models()).create({ model: 'gpt-4o-mini' });
    expect((await chat.sendMessage('one')).finishReason).toBe('SAFETY');
    await chat.sendMessage('two');
    await collect(await chat.sendMessageStream('three'));
    expect(chat.getHistory(true)).toEqual([]);
    expect(chat.getHistory(false)).toHaveLength(6);
  });

  it('retries a 429 with retry-after-ms, then succeeds', async () => {
    fake.enqueue({ fault: 'retry-after', afterMs: 1, format: 'ms' }, { text: 'ok' });
    const response = await models().generateContent({ model: 'm', contents: hello });
    expect(response.text).toBe('ok');
    expect(fake.requests).toHaveLength(2);
  });

  it('scrubs a key the server echoes in an error', async () => {
    fake.enqueue({ fault: 'echo-key' });
    const error = await caught(models().generateContent({ model: 'm', contents: hello }));
    expect(AuthenticationError.isInstance(error)).toBe(true);
    expect((error as Error).message).not.toContain('test-key');
  });

  it('reads text split inside a multi-byte character', async () => {
    fake.enqueue({ fault: 'split-utf8', text: 'Grüße aus Köln', chunks: 3, delayMs: 1 });
    const chunks = await collect(
      await models().generateContentStream({ model: 'm', contents: hello }),
    );
    expect(chunks.map((c) => c.text ?? '').join('')).toBe('Grüße aus Köln');
  });

  it.each([
    [{ fault: 'no-terminator' as const }, StreamInterruptedError],
    [{ fault: 'reset-mid-stream' as const, afterEvents: 2 }, StreamInterruptedError],
    [{ fault: 'error-event' as const, afterEvents: 2 }, ServerError],
    [{ fault: 'malformed-event' as const, atEvent: 1 }, InvalidResponseError],
  ])('turns the stream fault %j into %o', async (fault, Class) => {
    fake.enqueue({ ...fault, text: 'one two three', chunks: 3 });
    const stream = await models().generateContentStream({ model: 'm', contents: hello });
    const error = await caught(collect(stream));
    expect((Class as { isInstance(value: unknown): boolean }).isInstance(error)).toBe(true);
  });
});
