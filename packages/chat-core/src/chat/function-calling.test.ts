import { describe, expect, it, vi } from 'vitest';
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
