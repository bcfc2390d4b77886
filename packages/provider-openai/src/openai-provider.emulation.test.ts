import { AsyncChats, functionTool } from '@colloquy/chat-core';
import { createFakeProvider } from '@colloquy/test-server';
import { collect, useFakeProviders } from '@colloquy/test-server/vitest';
import { describe, expect, it } from 'vitest';
import { createOpenAIAsyncModels } from './openai-provider';

// The adapter against @colloquy/test-server's OpenAI emulation (msw, in-process), for what is
// OpenAI's own: usage requested on streams, tools and tool messages. Text, blocked and empty
// replies, HTTP errors, retries and stream faults in general are the conformance suite's (and
// the fault matrix's).
const fake = createFakeProvider('openai');
useFakeProviders(fake);

const models = () => createOpenAIAsyncModels({ apiKey: 'test-key', maxRetries: 1 });
const hello = [{ role: 'user' as const, parts: [{ text: 'Hello' }] }];

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
});
