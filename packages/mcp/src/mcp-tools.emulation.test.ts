// The MCP tools through each real adapter, against test-server's emulation of its provider:
// the server's schema reaches every wire format as it is, and the tool's result (or its
// error) goes back paired with the provider's call id.
import { AsyncChats, type AsyncModels } from '@colloquy/chat-core';
import { createAnthropicAsyncModels } from '@colloquy/provider-anthropic';
import { createGeminiAsyncModels } from '@colloquy/provider-gemini';
import { createOpenAIAsyncModels } from '@colloquy/provider-openai';
import { createFakeProvider, type ProviderName } from '@colloquy/test-server';
import { useFakeProviders } from '@colloquy/test-server/vitest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stdioFixture } from './__fixtures__/fixture-servers';
import { connectMcp } from './connect-mcp';
import type { McpConnection } from './mcp-connection';

// stdio only: msw intercepts fetch to 127.0.0.1 in this file, the HTTP fixture's address.
let mcp: McpConnection;
beforeAll(async () => {
  mcp = await connectMcp(stdioFixture(), {
    filter: (tool) => tool.name === 'add' || tool.name === 'disk_usage',
  });
});
afterAll(async () => {
  await mcp.close();
});

const ADD_SCHEMA = {
  type: 'object',
  properties: { a: { type: 'number', description: 'The first number' }, b: { type: 'number' } },
  required: ['a', 'b'],
};

/** The parts of each wire format these tests read. */
interface GeminiBody {
  tools: Array<{ functionDeclarations?: Array<{ name: string; parametersJsonSchema?: unknown }> }>;
  contents: Array<{ parts: Array<{ functionResponse?: { id?: string; response: unknown } }> }>;
}
interface OpenAIBody {
  tools: Array<{ function: { name: string; parameters?: unknown } }>;
  messages: Array<{ role: string; tool_call_id?: string; content?: unknown }>;
}
interface AnthropicBody {
  tools: Array<{ name: string; input_schema?: unknown }>;
  messages: Array<{ content: Array<{ type: string; tool_use_id?: string; content?: unknown }> }>;
}

interface Wire {
  models: () => AsyncModels;
  model: string;
  /** The parameters schema of the declared function `name`. */
  schemaOf: (body: unknown, name: string) => unknown;
  /** The function results a request carries, by call id, as sent. */
  resultsOf: (body: unknown) => Record<string, string>;
}

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

const options = { apiKey: 'test-key' };
const wires: Record<ProviderName, Wire> = {
  gemini: {
    models: () => createGeminiAsyncModels(options),
    model: 'gemini-2.5-flash',
    schemaOf: (body, name) =>
      (body as GeminiBody).tools
        .flatMap((tool) => tool.functionDeclarations ?? [])
        .find((declaration) => declaration.name === name)?.parametersJsonSchema,
    resultsOf: (body) =>
      Object.fromEntries(
        ((body as GeminiBody).contents.at(-1)?.parts ?? []).map((part) => [
          part.functionResponse?.id,
          text(part.functionResponse?.response),
        ]),
      ),
  },
  openai: {
    models: () => createOpenAIAsyncModels(options),
    model: 'gpt-4o-mini',
    schemaOf: (body, name) =>
      (body as OpenAIBody).tools.find((tool) => tool.function.name === name)?.function.parameters,
    resultsOf: (body) =>
      Object.fromEntries(
        (body as OpenAIBody).messages
          .filter((message) => message.role === 'tool')
          .map((message) => [message.tool_call_id, text(message.content)]),
      ),
  },
  anthropic: {
    models: () => createAnthropicAsyncModels(options),
    model: 'claude-haiku-4-5',
    schemaOf: (body, name) =>
      (body as AnthropicBody).tools.find((tool) => tool.name === name)?.input_schema,
    resultsOf: (body) =>
      Object.fromEntries(
        ((body as AnthropicBody).messages.at(-1)?.content ?? [])
          .filter((block) => block.type === 'tool_result')
          .map((block) => [block.tool_use_id, text(block.content)]),
      ),
  },
};

const fakes = {
  gemini: createFakeProvider('gemini'),
  openai: createFakeProvider('openai'),
  anthropic: createFakeProvider('anthropic'),
};
useFakeProviders(...Object.values(fakes));

describe.each(Object.keys(wires) as ProviderName[])('MCP tools on %s', (name) => {
  it('declares them with their schemas, runs them and sends each result back to its call', async () => {
    const wire = wires[name];
    const fake = fakes[name];
    fake.enqueue(
      {
        functionCalls: [
          { name: 'add', args: { a: 2, b: 3 }, id: 'c1' },
          { name: 'disk_usage', args: {}, id: 'c2' },
        ],
      },
      { text: 'Five, and the disk is not mounted.' },
    );
    const chat = new AsyncChats(wire.models()).create({
      model: wire.model,
      config: { tools: [mcp] },
    });
    const reply = await chat.sendMessage('2 + 3, and how full is the disk?');
    expect(reply.text).toBe('Five, and the disk is not mounted.');

    const [first, second] = fake.requests.map((request) => request.body);
    expect(wire.schemaOf(first, 'add')).toEqual(ADD_SCHEMA);
    const results = wire.resultsOf(second);
    expect(Object.keys(results)).toEqual(['c1', 'c2']);
    expect(results.c1).toContain('5');
    expect(results.c2).toContain('The disk is not mounted');
  });
});
