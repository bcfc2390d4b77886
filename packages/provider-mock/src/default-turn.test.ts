import type { Content, Tool } from '@colloquy/chat-core';
import type { GenerateContentParameters, TransportConfig } from '@colloquy/chat-core/spec';
import { describe, expect, it } from 'vitest';
import { defaultTurn } from './default-turn';

const user = (text: string): Content => ({ role: 'user', parts: [{ text }] });
const model = (text: string): Content => ({ role: 'model', parts: [{ text }] });
const tools: Tool[] = [
  {
    functionDeclarations: [
      {
        name: 'get_weather',
        parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } } },
      },
      {
        name: 'convert',
        parameters: {
          type: 'OBJECT',
          properties: { amount: { type: 'NUMBER' }, to: { type: 'STRING' } },
        },
      },
    ],
  },
];
const request = (contents: Content[], config?: TransportConfig): GenerateContentParameters => ({
  model: 'm',
  contents,
  ...(config ? { config } : {}),
});

describe('defaultTurn', () => {
  it('quotes the last user text with the turn number', () => {
    const contents = [user('hi'), model('hello'), user('how are you?')];
    expect(defaultTurn(request(contents))).toEqual({
      text: 'Mock reply 2: you said "how are you?".',
    });
  });

  it('replies without a quote when there is no user text', () => {
    expect(defaultTurn(request([]))).toEqual({ text: 'Mock reply 1.' });
  });

  it('calls a declared function the user names, passing the rest of the text as its string parameter', () => {
    expect(defaultTurn(request([user('get_weather: Paris')], { tools }))).toEqual({
      functionCalls: [{ name: 'get_weather', args: { city: 'Paris' }, id: 'mock-call-1' }],
    });
  });

  it('takes args from a JSON object in the text', () => {
    const text = 'please CONVERT {"amount": 3, "to": "EUR"} now';
    expect(defaultTurn(request([user(text)], { tools }))).toEqual({
      functionCalls: [{ name: 'convert', args: { amount: 3, to: 'EUR' }, id: 'mock-call-1' }],
    });
  });

  it('passes no args when the function has no single string parameter', () => {
    expect(defaultTurn(request([user('convert 3 dollars')], { tools }))).toEqual({
      functionCalls: [{ name: 'convert', args: {}, id: 'mock-call-1' }],
    });
  });

  it('matches whole names only', () => {
    const turn = defaultTurn(request([user('get_weathers please')], { tools }));
    expect(turn).toEqual({ text: 'Mock reply 1: you said "get_weathers please".' });
  });

  it('does not call functions when calling mode is NONE or the name is not allowed', () => {
    const none: TransportConfig = {
      tools,
      toolConfig: { functionCallingConfig: { mode: 'NONE' } },
    };
    expect(defaultTurn(request([user('get_weather Rome')], none))).toHaveProperty('text');
    const allowed: TransportConfig = {
      tools,
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['convert'] } },
    };
    expect(defaultTurn(request([user('get_weather Rome')], allowed))).toHaveProperty('text');
  });

  it('summarises function results and never calls a function after them', () => {
    const contents: Content[] = [
      user('get_weather Paris'),
      {
        role: 'model',
        parts: [{ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }],
      },
      {
        role: 'user',
        parts: [{ functionResponse: { name: 'get_weather', response: { temp: 21 } } }],
      },
    ];
    expect(defaultTurn(request(contents, { tools }))).toEqual({
      text: 'Mock reply 1: get_weather returned {"temp":21}.',
    });
  });
});
