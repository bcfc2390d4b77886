import * as v from 'valibot';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { z } from 'zod';
import { AsyncChats, Chats } from '../chat/chats';
import { ConfigurationError } from '../errors/configuration-error';
import { scriptedModels, textReply } from '../test-utils/scripted-models';
import type { GenerateContentResponseInit } from '../types/generate-content-response';
import type { StandardSchemaV1 } from '../types/standard-schema';
import type { FunctionArgs } from '../types/tool';
import { functionTool } from './function-tool';

const callReply = (args: Record<string, unknown>): GenerateContentResponseInit => ({
  candidates: [
    {
      content: {
        role: 'model',
        parts: [{ functionCall: { name: 'get_weather', args, id: 'c1' } }],
      },
      finishReason: 'STOP',
      index: 0,
    },
  ],
});

const weatherSchema = z.object({
  city: z.string().describe('The city'),
  days: z.number().int().default(1),
});

describe('functionTool: the declaration', () => {
  it('takes its JSON Schema from a Zod schema, without the $schema key', () => {
    const tool = functionTool({
      name: 'get_weather',
      description: 'Weather',
      inputSchema: weatherSchema,
      handler: () => null,
    });
    expect(tool.declaration).toEqual({
      name: 'get_weather',
      description: 'Weather',
      parametersJsonSchema: {
        type: 'object',
        properties: {
          city: { type: 'string', description: 'The city' },
          days: expect.objectContaining({ type: 'integer', default: 1 }),
        },
        required: ['city'],
      },
    });
  });

  it('keeps a given parametersJsonSchema (or parameters) over the schema', () => {
    const given = { type: 'object', properties: { city: { type: 'string' } } };
    const a = functionTool({
      name: 'a',
      inputSchema: weatherSchema,
      parametersJsonSchema: given,
      handler: () => null,
    });
    const b = functionTool({
      name: 'b',
      inputSchema: weatherSchema,
      parameters: { type: 'OBJECT' },
      handler: () => null,
    });
    expect(a.declaration).toEqual({ name: 'a', parametersJsonSchema: given });
    expect(b.declaration).toEqual({ name: 'b', parameters: { type: 'OBJECT' } });
  });

  it('refuses a schema that cannot describe itself as JSON Schema unless one is given', () => {
    const schema = v.object({ city: v.string() });
    const make = () => functionTool({ name: 'get_weather', inputSchema: schema, handler: () => 1 });
    expect(make).toThrow(ConfigurationError);
    expect(make).toThrow(/"get_weather" \(valibot\) cannot describe itself as JSON Schema/);
    expect(make).toThrow(/Pass parametersJsonSchema too/);
    const given = { type: 'object', properties: { city: { type: 'string' } } };
    const tool = functionTool({
      name: 'get_weather',
      inputSchema: schema,
      parametersJsonSchema: given,
      handler: () => 1,
    });
    expect(tool.declaration.parametersJsonSchema).toBe(given);
  });

  it('without a schema, is the declaration and the handler as given', () => {
    const handler = (args: FunctionArgs) => args;
    const tool = functionTool({ name: 'echo', parametersJsonSchema: {}, handler });
    expect(tool).toEqual({ declaration: { name: 'echo', parametersJsonSchema: {} }, handler });
  });
});

describe.each([
  [
    'AsyncChat',
    async (models: ReturnType<typeof scriptedModels>, tool: ReturnType<typeof functionTool>) => {
      const chat = new AsyncChats(models.async).create({ model: 'm', config: { tools: [tool] } });
      return { reply: await chat.sendMessage('weather?'), history: chat.getHistory() };
    },
  ],
  [
    'Chat',
    async (models: ReturnType<typeof scriptedModels>, tool: ReturnType<typeof functionTool>) => {
      const chat = new Chats(models.sync).create({ model: 'm', config: { tools: [tool] } });
      return { reply: chat.sendMessage('weather?'), history: chat.getHistory() };
    },
  ],
])('functionTool with an inputSchema, in %s', (_, send) => {
  it.each([
    ['Zod', weatherSchema],
    ['Valibot', v.object({ city: v.string(), days: v.optional(v.number(), 1) })],
  ])('%s: the handler gets the validated value (defaults applied)', async (_, schema) => {
    const handler = vi.fn((args: { city: string; days: number }) => ({ sky: 'clear', ...args }));
    const tool = functionTool({
      name: 'get_weather',
      inputSchema: schema,
      parametersJsonSchema: {},
      handler,
    });
    const models = scriptedModels(
      { response: callReply({ city: 'Lisbon' }) },
      { response: textReply('Clear.') },
    );
    const { reply, history } = await send(models, tool);
    expect(handler).toHaveBeenCalledWith({ city: 'Lisbon', days: 1 });
    expect(reply.text).toBe('Clear.');
    expect(history[2]?.parts[0]?.functionResponse).toEqual({
      name: 'get_weather',
      id: 'c1',
      response: { sky: 'clear', city: 'Lisbon', days: 1 },
    });
  });

  it('invalid arguments go back to the model as an error response; the handler never runs', async () => {
    const handler = vi.fn(() => 'unreachable');
    const tool = functionTool({ name: 'get_weather', inputSchema: weatherSchema, handler });
    const models = scriptedModels(
      { response: callReply({ city: 42, days: 1.5 }) },
      { response: textReply('Let me fix that.') },
    );
    const { reply, history } = await send(models, tool);
    expect(handler).not.toHaveBeenCalled();
    expect(reply.text).toBe('Let me fix that.');
    // The same rule as a handler that throws: {error: message}, with the call's id.
    const response = history[2]?.parts[0]?.functionResponse;
    expect(response?.id).toBe('c1');
    expect(response?.response).toEqual({
      error: expect.stringMatching(
        /^Invalid arguments for get_weather: city: .*expected string.*; days: .*int/i,
      ),
    });
    expect(models.requests[1]?.contents.at(-1)).toEqual(history[2]);
  });
});

describe('functionTool with an inputSchema, session specifics', () => {
  // A schema whose validation is asynchronous (Standard Schema allows it).
  const asyncSchema: StandardSchemaV1<{ city: string }> = {
    '~standard': {
      version: 1,
      vendor: 'test',
      validate: async (value) => ({ value: value as { city: string } }),
    },
  };

  it('AsyncChat awaits a schema that validates asynchronously', async () => {
    const tool = functionTool({
      name: 'get_weather',
      inputSchema: asyncSchema,
      parametersJsonSchema: {},
      handler: ({ city }) => ({ city }),
    });
    const models = scriptedModels(
      { response: callReply({ city: 'Oslo' }) },
      { response: textReply('ok') },
    );
    const chat = new AsyncChats(models.async).create({ model: 'm', config: { tools: [tool] } });
    await chat.sendMessage('weather?');
    expect(chat.getHistory()[2]?.parts[0]?.functionResponse?.response).toEqual({ city: 'Oslo' });
  });

  it('the blocking Chat refuses it as it refuses an async handler', () => {
    const tool = functionTool({
      name: 'get_weather',
      inputSchema: asyncSchema,
      parametersJsonSchema: {},
      handler: ({ city }) => ({ city }),
    });
    const models = scriptedModels({ response: callReply({ city: 'Oslo' }) });
    const chat = new Chats(models.sync).create({ model: 'm', config: { tools: [tool] } });
    let caught: unknown;
    try {
      chat.sendMessage('weather?');
    } catch (error) {
      caught = error;
    }
    expect(ConfigurationError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toMatch(/inputSchema that validates asynchronously/);
  });
});

describe('functionTool: the handler argument type', () => {
  it('is inferred from a Standard Schema (Zod, Valibot)', () => {
    functionTool({
      name: 'zod',
      inputSchema: weatherSchema,
      handler: (args) => expectTypeOf(args).toEqualTypeOf<{ city: string; days: number }>(),
    });
    functionTool({
      name: 'valibot',
      inputSchema: v.object({ n: v.number(), tags: v.array(v.string()) }),
      parametersJsonSchema: {},
      handler: (args) => expectTypeOf(args).toEqualTypeOf<{ n: number; tags: string[] }>(),
    });
  });

  it('is the type parameter with a JSON Schema, and FunctionArgs without one', () => {
    interface Args {
      city: string;
    }
    functionTool<Args>({
      name: 'typed',
      parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } } },
      handler: ({ city }) => expectTypeOf(city).toEqualTypeOf<string>(),
    });
    functionTool({
      name: 'untyped',
      handler: (args) => expectTypeOf(args).toEqualTypeOf<FunctionArgs>(),
    });
  });

  it('refuses a handler that does not fit the schema, and a schema of no object', () => {
    // @ts-expect-error city is a string, not a number
    functionTool({
      name: 'mismatch',
      inputSchema: weatherSchema,
      handler: ({ city }: { city: number }) => city,
    });
    // @ts-expect-error the model's arguments are always an object
    functionTool({ name: 'scalar', inputSchema: z.string(), handler: () => null });
  });
});
