import { AsyncChats, ConfigurationError, parseJsonReply } from '@colloquy/chat-core';
import { caught, collect, useMswServer } from '@colloquy/test-server/vitest';
import { HttpResponse } from 'msw';
import * as v from 'valibot';
import { describe, expect, it, vi } from 'vitest';
import { createAnthropicAsyncModels } from './anthropic-provider';

// Structured output on Anthropic: the reply schema goes as a forced json_response tool, and
// its call comes back as the reply's text (docs/provider-settings.md).

const URL = 'https://api.anthropic.com/v1/messages';
const msw = useMswServer<Record<string, unknown>>();

const citySchema = v.object({ name: v.string(), population: v.number() });
const config = {
  responseMimeType: 'application/json',
  responseJsonSchema: {
    type: 'object',
    properties: { name: { type: 'string' }, population: { type: 'number' } },
    required: ['name', 'population'],
  },
};
const city = { name: 'Oslo', population: 709000 };

function message(input: unknown) {
  return {
    id: 'msg_1',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [{ type: 'tool_use', id: 'toolu_1', name: 'json_response', input }],
    stop_reason: 'tool_use',
    stop_sequence: null,
    usage: { input_tokens: 10, output_tokens: 5 },
  };
}

function sseOf(input: unknown): Response {
  const json = JSON.stringify(input);
  const events: Array<[string, unknown]> = [
    [
      'message_start',
      { type: 'message_start', message: { ...message({}), content: [], stop_reason: null } },
    ],
    [
      'content_block_start',
      {
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 'toolu_1', name: 'json_response', input: {} },
      },
    ],
    [
      'content_block_delta',
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: json.slice(0, 9) },
      },
    ],
    [
      'content_block_delta',
      {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: json.slice(9) },
      },
    ],
    ['content_block_stop', { type: 'content_block_stop', index: 0 }],
    [
      'message_delta',
      {
        type: 'message_delta',
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { output_tokens: 5 },
      },
    ],
    ['message_stop', { type: 'message_stop' }],
  ];
  const body = events
    .map(([event, data]) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`)
    .join('');
  return new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } });
}

function chatWith(tools: NonNullable<Parameters<AsyncChats['create']>[0]['config']>['tools'] = []) {
  const models = createAnthropicAsyncModels({ apiKey: 'sk-ant-test-0123456789', maxRetries: 0 });
  return new AsyncChats(models).create({
    model: 'claude-sonnet-4-5',
    config: { ...config, tools },
  });
}

describe('Anthropic structured output through the json_response tool', () => {
  it('gives the JSON as the reply text, read by parseJsonReply, and keeps it as text in the history', async () => {
    msw.reply(URL, () => HttpResponse.json(message(city)));
    const chat = chatWith();
    const reply = await chat.sendMessage({ message: 'A city' });
    expect(reply.text).toBe(JSON.stringify(city));
    expect(reply.functionCalls).toBeUndefined();
    expect(await parseJsonReply(reply, citySchema)).toEqual(city);
    expect(chat.getHistory(true)[1]).toEqual({
      role: 'model',
      parts: [{ text: JSON.stringify(city) }],
    });
    expect(msw.seen[0]?.body.tool_choice).toEqual({ type: 'tool', name: 'json_response' });
  });

  it('streams it the same way', async () => {
    msw.reply(URL, () => sseOf(city));
    const chat = chatWith();
    const stream = await chat.sendMessageStream({ message: 'A city' });
    const chunks = await collect(stream);
    expect(chunks.map((c) => c.text ?? '').join('')).toBe(JSON.stringify(city));
    expect(chat.getHistory(true)[1]).toEqual({
      role: 'model',
      parts: [{ text: JSON.stringify(city) }],
    });
  });

  it('does not run automatic function calling for the json_response call', async () => {
    msw.reply(URL, () => sseOf(city));
    const handler = vi.fn(() => 'never');
    const chat = chatWith([{ declaration: { name: 'lookup' }, handler }]);
    const stream = await chat.sendMessageStream({ message: 'A city' });
    await collect(stream);
    expect(handler).not.toHaveBeenCalled();
    expect(msw.seen).toHaveLength(1);
    expect(msw.seen[0]?.body.tool_choice).toEqual({ type: 'any' });
    expect(chat.getHistory(true)).toHaveLength(2);
  });

  it('unwraps a schema that is not an object', async () => {
    msw.reply(URL, () => HttpResponse.json(message({ value: ['a', 'b'] })));
    const models = createAnthropicAsyncModels({ apiKey: 'sk-ant-test-0123456789', maxRetries: 0 });
    const reply = await models.generateContent({
      model: 'claude-sonnet-4-5',
      contents: [{ role: 'user', parts: [{ text: 'Two letters' }] }],
      config: {
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'array', items: { type: 'string' } },
      },
    });
    expect(reply.text).toBe('["a","b"]');
  });

  it('warns when thinking keeps it from being forced, and strict refuses that', async () => {
    msw.reply(URL, () => HttpResponse.json(message(city)));
    const models = createAnthropicAsyncModels({ apiKey: 'sk-ant-test-0123456789', maxRetries: 0 });
    const params = {
      model: 'claude-sonnet-4-5',
      contents: [{ role: 'user' as const, parts: [{ text: 'A city' }] }],
      config: { ...config, thinkingConfig: { thinkingBudget: 2048 } },
    };
    const reply = await models.generateContent(params);
    expect(reply.warnings).toEqual([
      {
        setting: 'responseMimeType',
        provider: 'anthropic',
        message: expect.stringMatching(/^approximated/),
      },
    ]);
    const error = await caught(
      models.generateContent({ ...params, config: { ...params.config, strict: true } }),
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
  });
});

describe('Anthropic: thoughts another provider signed', () => {
  it('leaves them out with a warning; strict refuses them', async () => {
    msw.reply(URL, () =>
      HttpResponse.json({
        ...message({}),
        content: [{ type: 'text', text: 'Sure.' }],
        stop_reason: 'end_turn',
      }),
    );
    const models = createAnthropicAsyncModels({ apiKey: 'sk-ant-test-0123456789', maxRetries: 0 });
    const contents = [
      { role: 'user' as const, parts: [{ text: 'Hi' }] },
      {
        role: 'model' as const,
        parts: [
          { text: 'Gemini thinking', thought: true, thoughtSignature: 'CiQBjz1rX==' },
          { text: 'Hello!', thoughtSignature: 'CiQBjz1rY==' },
        ],
      },
      { role: 'user' as const, parts: [{ text: 'More?' }] },
    ];
    const reply = await models.generateContent({ model: 'claude-sonnet-4-5', contents });
    expect(reply.warnings).toEqual([
      {
        setting: 'thoughts',
        provider: 'anthropic',
        message: expect.stringContaining('signed by another provider'),
      },
    ]);
    expect(JSON.stringify(msw.seen[0]?.body)).not.toContain('Gemini thinking');
    const error = await caught(
      models.generateContent({ model: 'claude-sonnet-4-5', contents, config: { strict: true } }),
    );
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(msw.seen).toHaveLength(1);
  });
});
