import { type CallableTool as GenAISdkCallableTool, mcpToTool } from '@google/genai';
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error';
import {
  chunksOf,
  type ScriptStep,
  scriptedModels,
  textReply,
} from '../test-utils/scripted-models';
import { functionTool } from '../tools/function-tool';
import type { Content } from '../types/content';
import type { GenerateContentConfig } from '../types/generate-content-config';
import type { GenerateContentResponseInit } from '../types/generate-content-response';
import type { FunctionCall, Part } from '../types/part';
import type { GenAICallableTool, ToolListUnion } from '../types/tool';
import { AsyncChats, Chats } from './chats';

const callReply = (
  ...calls: { name: string; args?: Record<string, unknown>; id?: string }[]
): GenerateContentResponseInit => ({
  candidates: [
    {
      content: { role: 'model', parts: calls.map((functionCall) => ({ functionCall })) },
      finishReason: 'STOP',
      index: 0,
    },
  ],
});

const divide = functionTool({
  name: 'divide',
  description: 'Divides two numbers',
  parametersJsonSchema: {
    type: 'object',
    properties: { a: { type: 'number' }, b: { type: 'number' } },
  },
  handler: ({ a, b }) => {
    if (b === 0) throw new Error('division by zero');
    return (a as number) / (b as number);
  },
});

type Run = (
  script: ScriptStep[],
  config: GenerateContentConfig,
  mode: 'send' | 'stream',
) => Promise<{
  text?: string;
  history: Content[];
  curated: Content[];
  afc?: Content[];
  requests: ReturnType<typeof scriptedModels>['requests'];
}>;

const runAsync: Run = async (script, config, mode) => {
  const models = scriptedModels(...script);
  const chat = new AsyncChats(models.async).create({ model: 'm', config });
  if (mode === 'send') {
    const response = await chat.sendMessage('what is 6/3?');
    return {
      text: response.text,
      history: chat.getHistory(),
      curated: chat.getHistory(true),
      afc: response.automaticFunctionCallingHistory,
      requests: models.requests,
    };
  }
  let text = '';
  for await (const chunk of await chat.sendMessageStream('what is 6/3?')) text += chunk.text ?? '';
  return {
    text,
    history: chat.getHistory(),
    curated: chat.getHistory(true),
    requests: models.requests,
  };
};

const runSync: Run = async (script, config, mode) => {
  const models = scriptedModels(...script);
  const chat = new Chats(models.sync).create({ model: 'm', config });
  if (mode === 'send') {
    const response = chat.sendMessage('what is 6/3?');
    return {
      text: response.text,
      history: chat.getHistory(),
      curated: chat.getHistory(true),
      afc: response.automaticFunctionCallingHistory,
      requests: models.requests,
    };
  }
  let text = '';
  for (const chunk of chat.sendMessageStream('what is 6/3?')) text += chunk.text ?? '';
  return {
    text,
    history: chat.getHistory(),
    curated: chat.getHistory(true),
    requests: models.requests,
  };
};

const user = (text: string): Content => ({ role: 'user', parts: [{ text }] });

describe.each([
  ['AsyncChat', runAsync],
  ['Chat', runSync],
] as const)('automatic function calling on %s', (_name, run) => {
  it.each(['send', 'stream'] as const)(
    'runs the handler, sends the response back and records every step (%s)',
    async (mode) => {
      const first: ScriptStep =
        mode === 'send'
          ? { response: callReply({ name: 'divide', args: { a: 6, b: 3 }, id: 'c1' }) }
          : { chunks: [callReply({ name: 'divide', args: { a: 6, b: 3 }, id: 'c1' })] };
      const second: ScriptStep =
        mode === 'send'
          ? { response: textReply('It is 2.') }
          : { chunks: chunksOf('It is', ' 2.') };
      const result = await run([first, second], { tools: [divide] }, mode);
      expect(result.text).toBe(mode === 'send' ? 'It is 2.' : 'It is 2.');
      const call: Content = {
        role: 'model',
        parts: [{ functionCall: { name: 'divide', args: { a: 6, b: 3 }, id: 'c1' } }],
      };
      const answer: Content = {
        role: 'user',
        parts: [{ functionResponse: { name: 'divide', id: 'c1', response: { result: 2 } } }],
      };
      const expected = [
        user('what is 6/3?'),
        call,
        answer,
        { role: 'model', parts: [{ text: 'It is 2.' }] },
      ];
      expect(result.history).toEqual(expected);
      expect(result.curated).toEqual(expected);
      // The second request carries the call and its response; declarations only, no handler.
      expect(result.requests[1]?.contents).toEqual([user('what is 6/3?'), call, answer]);
      expect(result.requests[0]?.config?.tools).toEqual([
        { functionDeclarations: [divide.declaration] },
      ]);
      if (mode === 'send') expect(result.afc).toEqual([user('what is 6/3?'), call, answer]);
    },
  );

  it('sends a handler error back to the model as the function response', async () => {
    const result = await run(
      [
        { response: callReply({ name: 'divide', args: { a: 1, b: 0 } }) },
        { response: textReply('Cannot divide by zero.') },
      ],
      { tools: [divide] },
      'send',
    );
    expect(result.history[2]).toEqual({
      role: 'user',
      parts: [{ functionResponse: { name: 'divide', response: { error: 'division by zero' } } }],
    });
    expect(result.text).toBe('Cannot divide by zero.');
  });

  it('stops after maximumRemoteCalls rounds and returns the function calls', async () => {
    const loop = { response: callReply({ name: 'divide', args: { a: 4, b: 2 } }) };
    const result = await run(
      [loop, loop, loop],
      { tools: [divide], automaticFunctionCalling: { maximumRemoteCalls: 2 } },
      'send',
    );
    expect(result.requests).toHaveLength(3);
    expect(result.history).toHaveLength(6);
    expect(result.history[5]?.parts[0]?.functionCall?.name).toBe('divide');
  });

  it('with disable, returns function calls to the caller without running handlers', async () => {
    const handler = vi.fn();
    const tool = functionTool({ name: 'spy', handler });
    const result = await run(
      [{ response: callReply({ name: 'spy' }) }],
      { tools: [tool], automaticFunctionCalling: { disable: true } },
      'send',
    );
    expect(handler).not.toHaveBeenCalled();
    expect(result.requests).toHaveLength(1);
    expect(result.history[1]?.parts[0]?.functionCall?.name).toBe('spy');
  });

  it('declarations without handlers are passed to the model and their calls returned', async () => {
    const result = await run(
      [{ response: callReply({ name: 'lookup', args: { q: 'x' } }) }],
      { tools: [{ functionDeclarations: [{ name: 'lookup' }] }, divide] },
      'send',
    );
    expect(result.requests).toHaveLength(1);
    expect(result.requests[0]?.config?.tools).toEqual([
      { functionDeclarations: [{ name: 'lookup' }] },
      { functionDeclarations: [divide.declaration] },
    ]);
    expect(result.history).toHaveLength(2);
  });
});

describe('automatic function calling, session specifics', () => {
  it('an async handler in the blocking Chat is a clear ConfigurationError', () => {
    const models = scriptedModels({ response: callReply({ name: 'later' }) });
    const tool = functionTool({ name: 'later', handler: async () => 1 });
    const chat = new Chats(models.sync).create({ model: 'm', config: { tools: [tool] } });
    let caught: unknown;
    try {
      chat.sendMessage('go');
    } catch (error) {
      caught = error;
    }
    expect(ConfigurationError.isInstance(caught)).toBe(true);
    expect((caught as Error).message).toContain('"later"');
    // The send stops before its first round completes: nothing is recorded.
    expect(chat.getHistory()).toEqual([]);
  });

  it('AsyncChat awaits async handlers and runs the calls of one round together', async () => {
    const order: string[] = [];
    const slow = functionTool({
      name: 'slow',
      handler: async () => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        order.push('slow');
        return { done: 'slow' };
      },
    });
    const fast = functionTool({
      name: 'fast',
      handler: () => {
        order.push('fast');
        return { done: 'fast' };
      },
    });
    const models = scriptedModels(
      { response: callReply({ name: 'slow', id: 'a' }, { name: 'fast', id: 'b' }) },
      { response: textReply('both done') },
    );
    const chat = new AsyncChats(models.async).create({
      model: 'm',
      config: { tools: [slow, fast] },
    });
    const response = await chat.sendMessage('go');
    expect(response.text).toBe('both done');
    expect(order).toEqual(['fast', 'slow']);
    expect(chat.getHistory()[2]?.parts.map((p) => p.functionResponse?.id)).toEqual(['a', 'b']);
  });

  it.each(['Chat', 'AsyncChat'] as const)(
    '%s uses tools added to the config after the first send',
    async (kind) => {
      const models = scriptedModels(
        { response: textReply('hello') },
        { response: callReply({ name: 'double', args: { x: 2 } }) },
        { response: textReply('4') },
      );
      const double = functionTool({ name: 'double', handler: ({ x }) => (x as number) * 2 });
      const tools: ToolListUnion = [divide];
      const config: GenerateContentConfig = { tools };
      const send =
        kind === 'Chat'
          ? (() => {
              const chat = new Chats(models.sync).create({ model: 'm', config });
              return async (text: string) => chat.sendMessage(text);
            })()
          : (() => {
              const chat = new AsyncChats(models.async).create({ model: 'm', config });
              return (text: string) => chat.sendMessage(text);
            })();
      await send('hi');
      tools.push(double);
      config.temperature = 0.5;
      expect((await send('double 2')).text).toBe('4');
      const names = (index: number) =>
        models.requests[index]?.config?.tools?.flatMap((tool) =>
          (tool.functionDeclarations ?? []).map((declaration) => declaration.name),
        );
      expect(names(0)).toEqual(['divide']);
      expect(names(1)).toEqual(['divide', 'double']);
      expect(models.requests[1]?.config?.temperature).toBe(0.5);
      expect(models.requests[2]?.contents.at(-1)?.parts[0]?.functionResponse).toMatchObject({
        name: 'double',
        response: { result: 4 },
      });
    },
  );

  it('a transport failure after a completed round records the turn as interrupted', async () => {
    const models = scriptedModels(
      { response: callReply({ name: 'divide', args: { a: 2, b: 1 } }) },
      { error: new Error('down') },
    );
    const chat = new AsyncChats(models.async).create({ model: 'm', config: { tools: [divide] } });
    await expect(chat.sendMessage('go')).rejects.toThrow('down');
    expect(chat.getHistory(true)).toEqual([]);
    expect(chat.getHistory().map((c) => c.role)).toEqual(['user', 'model', 'user', 'model']);
    expect(chat.getTurns()[0]?.status).toBe('interrupted');
  });
});

describe("@google/genai's CallableTool shape ({tool, callTool}, as mcpToTool makes)", () => {
  const declaration = {
    name: 'get_weather',
    description: 'Current weather for a city',
    parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } } },
  };

  /** Written as the SDK's MCP tool behaves: answers by name, without the call's id. */
  function genaiTool(callTool?: (calls: FunctionCall[]) => Promise<Part[]>) {
    const calls: FunctionCall[][] = [];
    const tool = {
      tool: vi.fn(async () => ({ functionDeclarations: [declaration] })),
      callTool: vi.fn(
        callTool ??
          (async (functionCalls: FunctionCall[]) => {
            calls.push(functionCalls);
            return functionCalls.map((call) => ({
              functionResponse: { name: call.name, response: { sky: 'clear', ...call.args } },
            }));
          }),
      ),
    };
    return { tool, calls };
  }

  const weatherCall = (id: string, city: string) => ({ name: 'get_weather', args: { city }, id });

  it('fits config.tools with the SDK type itself', () => {
    expectTypeOf<GenAISdkCallableTool>().toExtend<GenAICallableTool>();
    expectTypeOf<GenAISdkCallableTool>().toExtend<ToolListUnion[number]>();
  });

  it.each(['send', 'stream'] as const)(
    'AsyncChat declares its functions and runs each call through callTool (%s)',
    async (mode) => {
      const { tool, calls } = genaiTool();
      const reply = callReply(weatherCall('c1', 'Lisbon'), weatherCall('c2', 'Porto'));
      const result = await runAsync(
        mode === 'send'
          ? [{ response: reply }, { response: textReply('Clear in both.') }]
          : [{ chunks: [reply] }, { chunks: chunksOf('Clear in both.') }],
        { tools: [tool] },
        mode,
      );
      expect(result.text).toBe('Clear in both.');
      expect(result.requests[0]?.config?.tools).toEqual([{ functionDeclarations: [declaration] }]);
      expect(tool.tool).toHaveBeenCalledTimes(1);
      // One call at a time, so each answer is known to belong to its call...
      expect(calls).toEqual([[weatherCall('c1', 'Lisbon')], [weatherCall('c2', 'Porto')]]);
      // ...and gets the call's id, which OpenAI and Anthropic need to pair them.
      expect(result.history[2]).toEqual({
        role: 'user',
        parts: [
          {
            functionResponse: {
              name: 'get_weather',
              id: 'c1',
              response: { sky: 'clear', city: 'Lisbon' },
            },
          },
          {
            functionResponse: {
              name: 'get_weather',
              id: 'c2',
              response: { sky: 'clear', city: 'Porto' },
            },
          },
        ],
      });
      expect(result.curated).toEqual(result.history);
    },
  );

  it("runs a tool made by the SDK's own mcpToTool, over an MCP client", async () => {
    const client = {
      listTools: async () => ({
        tools: [{ name: 'get_weather', inputSchema: declaration.parametersJsonSchema }],
      }),
      callTool: async (request: { name: string; arguments?: { city?: string } }) => ({
        content: [{ type: 'text', text: `clear in ${request.arguments?.city}` }],
      }),
    };
    const result = await runAsync(
      [{ response: callReply(weatherCall('c1', 'Oslo')) }, { response: textReply('Clear.') }],
      { tools: [mcpToTool(client as unknown as Parameters<typeof mcpToTool>[0])] },
      'send',
    );
    expect(result.requests[0]?.config?.tools).toEqual([
      {
        functionDeclarations: [
          expect.objectContaining({
            name: 'get_weather',
            parametersJsonSchema: declaration.parametersJsonSchema,
          }),
        ],
      },
    ]);
    expect(result.history[2]?.parts).toEqual([
      {
        functionResponse: {
          name: 'get_weather',
          id: 'c1',
          response: { content: [{ type: 'text', text: 'clear in Oslo' }] },
        },
      },
    ]);
    expect(result.text).toBe('Clear.');
  });

  it('works beside functionTool tools and plain declarations', async () => {
    const { tool } = genaiTool();
    const result = await runAsync(
      [
        {
          response: callReply(weatherCall('c1', 'Oslo'), { name: 'divide', args: { a: 6, b: 3 } }),
        },
        { response: textReply('done') },
      ],
      { tools: [{ functionDeclarations: [{ name: 'lookup' }] }, tool, divide] },
      'send',
    );
    expect(result.requests[0]?.config?.tools).toEqual([
      { functionDeclarations: [{ name: 'lookup' }] },
      { functionDeclarations: [declaration, divide.declaration] },
    ]);
    expect(result.history[2]?.parts.map((part) => part.functionResponse?.response)).toEqual([
      { sky: 'clear', city: 'Oslo' },
      { result: 2 },
    ]);
  });

  it('a callTool that rejects goes back to the model as an error response', async () => {
    const { tool } = genaiTool(async () => {
      throw new Error('MCP server unreachable');
    });
    const result = await runAsync(
      [{ response: callReply(weatherCall('c1', 'Oslo')) }, { response: textReply('Sorry.') }],
      { tools: [tool] },
      'send',
    );
    expect(result.history[2]?.parts).toEqual([
      {
        functionResponse: {
          name: 'get_weather',
          id: 'c1',
          response: { error: 'MCP server unreachable' },
        },
      },
    ]);
    expect(result.text).toBe('Sorry.');
  });

  it('a callTool that resolves to something other than parts is a ConfigurationError', async () => {
    const { tool } = genaiTool(async () => ({ not: 'parts' }) as never);
    const models = scriptedModels({ response: callReply(weatherCall('c1', 'Oslo')) });
    const chat = new AsyncChats(models.async).create({ model: 'm', config: { tools: [tool] } });
    await expect(chat.sendMessage('go')).rejects.toThrow(
      /"get_weather" returned an object from callTool\(\); it must resolve to an array of Parts/,
    );
    // As with an async handler in Chat: the first round never completed, nothing is recorded.
    expect(chat.getHistory()).toEqual([]);
  });

  it.each(['send', 'stream'] as const)(
    'a tool() that fails rejects the send before any request, and the chat goes on (%s)',
    async (mode) => {
      let broken = true;
      const tool = {
        tool: async () => {
          if (broken) throw new Error('cannot list tools');
          return { functionDeclarations: [declaration] };
        },
        callTool: async () => [],
      };
      const models = scriptedModels({ response: textReply('later') });
      const chat = new AsyncChats(models.async).create({ model: 'm', config: { tools: [tool] } });
      const send = mode === 'send' ? chat.sendMessage('go') : chat.sendMessageStream('go');
      await expect(send).rejects.toThrow('cannot list tools');
      expect(models.requests).toEqual([]);
      expect(chat.getHistory()).toEqual([]);
      broken = false;
      expect((await chat.sendMessage('again')).text).toBe('later');
    },
  );

  it('a tool() that resolves to no Tool is a ConfigurationError', async () => {
    const tool = { tool: async () => ({ functionDeclarations: [{}] }), callTool: async () => [] };
    const chat = new AsyncChats(scriptedModels().async).create({
      model: 'm',
      config: { tools: [tool] },
    });
    await expect(chat.sendMessage('go')).rejects.toThrow(
      /config\.tools\[0\] resolved tool\(\) to something other than a Tool with named functionDeclarations/,
    );
  });

  it('the blocking Chat refuses it with a ConfigurationError, before any request', () => {
    const { tool } = genaiTool();
    const models = scriptedModels({ response: textReply('unused') });
    const chat = new Chats(models.sync).create({
      model: 'm',
      config: { tools: [divide, tool] },
    });
    for (const send of [() => chat.sendMessage('go'), () => [...chat.sendMessageStream('go')]]) {
      let caught: unknown;
      try {
        send();
      } catch (error) {
        caught = error;
      }
      expect(ConfigurationError.isInstance(caught)).toBe(true);
      expect((caught as Error).message).toMatch(
        /config\.tools\[1\] is a @google\/genai CallableTool .* the blocking Chat cannot wait for\. Use AsyncChat/,
      );
    }
    expect(tool.tool).not.toHaveBeenCalled();
    expect(models.requests).toEqual([]);
    expect(chat.getHistory()).toEqual([]);
  });
});
