// A conversation with function calls that moves Gemini → OpenAI → Anthropic. Gemini gives
// function calls without ids; the OpenAI and Anthropic adapters must synthesise stable ids
// so that every call and its response still pair up in their wire formats.
import { AsyncChats, type Content, functionTool } from '@colloquy/chat-core';
import { createFakeProvider } from '@colloquy/test-server';
import { useFakeProviders } from '@colloquy/test-server/vitest';
import { describe, expect, it } from 'vitest';
import { loadAsyncModels } from './load-models';

const gemini = createFakeProvider('gemini');
const openai = createFakeProvider('openai');
const anthropic = createFakeProvider('anthropic');
useFakeProviders(gemini, openai, anthropic);

const weather = functionTool({
  name: 'get_weather',
  description: 'Current weather for a city',
  parametersJsonSchema: {
    type: 'object',
    properties: { city: { type: 'string' } },
    required: ['city'],
  },
  handler: ({ city }) => ({ city, tempC: 21 }),
});

type Body = Record<string, unknown> & { messages?: Array<Record<string, unknown>> };

describe('one conversation across providers', () => {
  it('keeps function calls paired with their responses from Gemini to OpenAI to Anthropic', async () => {
    const options = { apiKey: 'test-key' };
    const config = { tools: [weather] };

    // 1. Gemini: the model calls the tool (no id), the chat runs it and gets the answer.
    gemini.enqueue(
      { functionCalls: [{ name: 'get_weather', args: { city: 'Lisbon' } }] },
      { text: 'It is 21 °C in Lisbon.' },
    );
    const first = new AsyncChats(await loadAsyncModels({ provider: 'gemini', options })).create({
      model: 'gemini-2.5-flash',
      config,
    });
    expect((await first.sendMessage('Weather in Lisbon?')).text).toBe('It is 21 °C in Lisbon.');
    const afterGemini = first.getHistory();
    expect(afterGemini.map((c) => c.role)).toEqual(['user', 'model', 'user', 'model']);
    expect(afterGemini[1]?.parts[0]?.functionCall?.id).toBeUndefined();

    // 2. OpenAI continues the same conversation, and calls the tool again (with its own id).
    openai.enqueue(
      { functionCalls: [{ name: 'get_weather', args: { city: 'Porto' }, id: 'call_porto' }] },
      { text: 'Porto: 21 °C too.' },
    );
    const second = new AsyncChats(await loadAsyncModels({ provider: 'openai', options })).create({
      model: 'gpt-4o-mini',
      config,
      turns: first.getTurns(),
    });
    expect((await second.sendMessage('And Porto?')).text).toBe('Porto: 21 °C too.');
    const openaiFirst = openai.requests[0]?.body as Body;
    const assistant = openaiFirst.messages?.find((m) => m.role === 'assistant' && m.tool_calls) as {
      tool_calls: Array<{ id: string; function: { name: string; arguments: string } }>;
    };
    const tool = openaiFirst.messages?.find((m) => m.role === 'tool') as {
      tool_call_id: string;
      content: string;
    };
    expect(assistant.tool_calls[0]?.id).toMatch(/\S/);
    expect(tool.tool_call_id).toBe(assistant.tool_calls[0]?.id);
    expect(JSON.parse(assistant.tool_calls[0]?.function.arguments ?? '')).toEqual({
      city: 'Lisbon',
    });
    expect(JSON.parse(tool.content)).toEqual({ city: 'Lisbon', tempC: 21 });
    // The second OpenAI request answers the new call under the id OpenAI gave it.
    const openaiSecond = openai.requests[1]?.body as Body;
    expect(openaiSecond.messages?.at(-1)).toMatchObject({
      role: 'tool',
      tool_call_id: 'call_porto',
    });

    // 3. Anthropic continues: both earlier calls arrive as tool_use / tool_result pairs.
    anthropic.enqueue({ text: 'Both cities are at 21 °C.' });
    const third = new AsyncChats(await loadAsyncModels({ provider: 'anthropic', options })).create({
      model: 'claude-sonnet-4-5',
      config,
      turns: second.getTurns(),
    });
    expect((await third.sendMessage('Summarise.')).text).toBe('Both cities are at 21 °C.');
    const messages = (anthropic.requests[0]?.body as Body | undefined)?.messages as Array<{
      role: string;
      content: Array<Record<string, unknown>> | string;
    }>;
    const blocks = messages.flatMap((m) => (Array.isArray(m.content) ? m.content : []));
    const uses = blocks.filter((b) => b.type === 'tool_use');
    const results = blocks.filter((b) => b.type === 'tool_result');
    expect(uses.map((b) => b.name)).toEqual(['get_weather', 'get_weather']);
    expect(results.map((b) => b.tool_use_id)).toEqual(uses.map((b) => b.id));
    expect(uses[1]?.id).toBe('call_porto');
    // Roles alternate as the Messages API requires.
    for (let i = 1; i < messages.length; i += 1)
      expect(messages[i]?.role).not.toBe(messages[i - 1]?.role);

    // Every chat holds the whole conversation, and all of it is curated.
    const final: Content[] = third.getHistory();
    expect(final).toHaveLength(10);
    expect(third.getHistory(true)).toEqual(final);
  });

  it('synthesised ids are stable: the same history gives the same ids on every request', async () => {
    const history: Content[] = [
      { role: 'user', parts: [{ text: 'hi' }] },
      { role: 'model', parts: [{ functionCall: { name: 'get_weather', args: { city: 'Oslo' } } }] },
      {
        role: 'user',
        parts: [{ functionResponse: { name: 'get_weather', response: { tempC: 3 } } }],
      },
      { role: 'model', parts: [{ text: 'Cold.' }] },
    ];
    const models = await loadAsyncModels({ provider: 'openai', options: { apiKey: 'test-key' } });
    const chat = new AsyncChats(models).create({ model: 'gpt-4o-mini', history });
    await chat.sendMessage('one');
    await chat.sendMessage('two');
    const idsOf = (i: number) =>
      ((openai.requests[i]?.body as Body | undefined)?.messages ?? []).flatMap((m) => [
        ...((m.tool_calls as Array<{ id: string }> | undefined) ?? []).map((c) => c.id),
        ...(m.tool_call_id ? [m.tool_call_id as string] : []),
      ]);
    expect(idsOf(0)).toHaveLength(2);
    expect(idsOf(1)).toEqual(idsOf(0));
  });
});
