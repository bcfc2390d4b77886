import {
  ConfigurationError,
  type Content,
  InvalidHistoryError,
  InvalidMessageError,
} from '@colloquy/chat-core';
import type { TransportConfig } from '@colloquy/chat-core/spec';
import { synthesizeCallId } from '@colloquy/provider-kit';
import { describe, expect, it } from 'vitest';
import { convertToAnthropicRequest } from './convert-to-anthropic-request';

const DEFAULTS = { defaultMaxTokens: 4096, leadingUserText: '(start of conversation)' };

function convert(contents: Content[], config?: TransportConfig, stream?: boolean) {
  return convertToAnthropicRequest({ model: 'claude-test', contents, config, stream, ...DEFAULTS });
}

function user(...parts: Content['parts']): Content {
  return { role: 'user', parts };
}

function model(...parts: Content['parts']): Content {
  return { role: 'model', parts };
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

describe('convertToAnthropicRequest: basics', () => {
  it('sends the model, the default max_tokens and user text as a text block', () => {
    expect(convert([user({ text: 'Hello' })])).toEqual({
      model: 'claude-test',
      max_tokens: 4096,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello' }] }],
    });
  });

  it('lets maxOutputTokens override the default max_tokens', () => {
    expect(convert([user({ text: 'Hi' })], { maxOutputTokens: 99 }).max_tokens).toBe(99);
  });

  it('sets stream only for streaming calls', () => {
    expect(convert([user({ text: 'Hi' })], undefined, true).stream).toBe(true);
    expect(convert([user({ text: 'Hi' })], undefined, false)).not.toHaveProperty('stream');
  });

  it('maps the sampling settings to their snake_case names', () => {
    const body = convert([user({ text: 'Hi' })], {
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      stopSequences: ['END'],
    });
    expect(body).toMatchObject({
      temperature: 0.2,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
    });
  });

  it('leaves out settings Anthropic has no field for, and empty stop sequences', () => {
    const body = convert([user({ text: 'Hi' })], {
      seed: 1,
      presencePenalty: 0.5,
      frequencyPenalty: 0.5,
      safetySettings: [],
      cachedContent: 'cachedContents/x',
      responseLogprobs: true,
      stopSequences: [],
    });
    expect(Object.keys(body).sort()).toEqual(['max_tokens', 'messages', 'model']);
  });

  it('does not modify the contents it is given', () => {
    const contents = deepFreeze([
      user({ text: 'Weather?' }),
      model({ functionCall: { name: 'get_weather', args: { city: 'Paris' } } }),
      user({ functionResponse: { name: 'get_weather', response: { temp: 20 } } }, { text: 'And?' }),
    ]);
    expect(() => convert(contents)).not.toThrow();
  });

  it('rejects a role other than user or model', () => {
    const bad = { role: 'system', parts: [{ text: 'x' }] } as unknown as Content;
    expect(() => convert([user({ text: 'Hi' }), bad])).toThrow(InvalidHistoryError);
  });
});

describe('convertToAnthropicRequest: system instruction', () => {
  it('sends a string as is', () => {
    expect(convert([user({ text: 'Hi' })], { systemInstruction: 'Be brief.' }).system).toBe(
      'Be brief.',
    );
  });

  it('sends parts and contents as text blocks', () => {
    expect(
      convert([user({ text: 'Hi' })], { systemInstruction: ['Be brief.', { text: 'Be kind.' }] })
        .system,
    ).toEqual([
      { type: 'text', text: 'Be brief.' },
      { type: 'text', text: 'Be kind.' },
    ]);
    expect(
      convert([user({ text: 'Hi' })], {
        systemInstruction: { role: 'user', parts: [{ text: 'Be brief.' }] },
      }).system,
    ).toEqual([{ type: 'text', text: 'Be brief.' }]);
    expect(
      convert([user({ text: 'Hi' })], { systemInstruction: { text: 'One part.' } }).system,
    ).toEqual([{ type: 'text', text: 'One part.' }]);
  });

  it('leaves out an empty system instruction', () => {
    expect(convert([user({ text: 'Hi' })], { systemInstruction: '' })).not.toHaveProperty('system');
    for (const systemInstruction of [[{ text: '' }], [''], { role: 'user' as const, parts: [] }]) {
      expect(convert([user({ text: 'Hi' })], { systemInstruction })).not.toHaveProperty('system');
    }
  });

  it('leaves thought parts out of the system instruction', () => {
    expect(
      convert([user({ text: 'Hi' })], {
        systemInstruction: [{ text: 'hmm', thought: true }, { text: 'Be brief.' }],
      }).system,
    ).toEqual([{ type: 'text', text: 'Be brief.' }]);
  });

  it('refuses a non-text part in the system instruction', () => {
    expect(() =>
      convert([user({ text: 'Hi' })], {
        systemInstruction: [{ inlineData: { mimeType: 'image/png', data: 'AAAA' } }],
      }),
    ).toThrow(ConfigurationError);
  });
});

describe('convertToAnthropicRequest: tools', () => {
  const weather = {
    name: 'get_weather',
    description: 'Current weather',
    parametersJsonSchema: {
      type: 'object',
      properties: { city: { type: 'string' } },
      required: ['city'],
    },
  };

  it('sends declarations as tools, JSON Schema as input_schema', () => {
    const body = convert([user({ text: 'Hi' })], { tools: [{ functionDeclarations: [weather] }] });
    expect(body.tools).toEqual([
      {
        name: 'get_weather',
        description: 'Current weather',
        input_schema: weather.parametersJsonSchema,
      },
    ]);
  });

  it('converts Gemini OpenAPI-style parameters to JSON Schema', () => {
    const body = convert([user({ text: 'Hi' })], {
      tools: [
        {
          functionDeclarations: [
            {
              name: 'set_alarm',
              parameters: {
                type: 'OBJECT',
                properties: { at: { type: 'STRING', nullable: true } },
                required: ['at'],
              },
            },
          ],
        },
      ],
    });
    expect(body.tools).toEqual([
      {
        name: 'set_alarm',
        input_schema: {
          type: 'object',
          properties: { at: { type: ['string', 'null'] } },
          required: ['at'],
        },
      },
    ]);
  });

  it('gives a function without parameters an empty object schema', () => {
    const body = convert([user({ text: 'Hi' })], {
      tools: [{ functionDeclarations: [{ name: 'now' }] }],
    });
    expect(body.tools).toEqual([{ name: 'now', input_schema: { type: 'object', properties: {} } }]);
  });

  it.each([
    ['AUTO', undefined, { type: 'auto' }],
    ['VALIDATED', undefined, { type: 'auto' }],
    ['ANY', undefined, { type: 'any' }],
    ['ANY', ['get_weather', 'now'], { type: 'any' }],
    ['ANY', ['get_weather'], { type: 'tool', name: 'get_weather' }],
    ['NONE', undefined, { type: 'none' }],
  ] as const)('maps mode %s (allowed %j) to tool_choice %j', (mode, allowed, choice) => {
    const body = convert([user({ text: 'Hi' })], {
      tools: [{ functionDeclarations: [weather, { name: 'now' }] }],
      toolConfig: {
        functionCallingConfig: {
          mode,
          ...(allowed ? { allowedFunctionNames: [...allowed] } : {}),
        },
      },
    });
    expect(body.tool_choice).toEqual(choice);
  });

  it('offers only the allowed functions when ANY names several', () => {
    const body = convert([user({ text: 'Hi' })], {
      tools: [{ functionDeclarations: [weather, { name: 'now' }, { name: 'later' }] }],
      toolConfig: {
        functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather', 'later'] },
      },
    });
    expect(body.tools?.map((tool) => (tool as { name: string }).name)).toEqual([
      'get_weather',
      'later',
    ]);
    expect(body.tool_choice).toEqual({ type: 'any' });
  });

  it('sends no tool_choice without tools', () => {
    const body = convert([user({ text: 'Hi' })], {
      toolConfig: { functionCallingConfig: { mode: 'ANY' } },
    });
    expect(body).not.toHaveProperty('tool_choice');
    expect(body).not.toHaveProperty('tools');
  });
});

describe('convertToAnthropicRequest: providerOptions.anthropic', () => {
  it('merges its fields into the body, overriding the adapter settings', () => {
    const body = convert([user({ text: 'Hi' })], {
      maxOutputTokens: 100,
      providerOptions: {
        anthropic: {
          thinking: { type: 'enabled', budget_tokens: 2048 },
          metadata: { user_id: 'u-1' },
          max_tokens: 8000,
        },
        openai: { ignored: true },
      },
    });
    expect(body).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 2048 },
      metadata: { user_id: 'u-1' },
      max_tokens: 8000,
    });
    expect(body).not.toHaveProperty('ignored');
  });

  it('cannot replace the model, the messages or the stream flag', () => {
    const body = convert(
      [user({ text: 'Hi' })],
      { providerOptions: { anthropic: { model: 'other', messages: [], stream: false } } },
      true,
    );
    expect(body.model).toBe('claude-test');
    expect(body.messages).toHaveLength(1);
    expect(body.stream).toBe(true);
  });

  it('appends its serverTools (and the older tools) after the function declarations', () => {
    const search = { type: 'web_search_20250305', name: 'web_search', max_uses: 2 };
    const fetchTool = { type: 'web_fetch_20250910', name: 'web_fetch' };
    const body = convert([user({ text: 'Hi' })], {
      tools: [{ functionDeclarations: [{ name: 'now' }] }, { googleSearch: {} }],
      providerOptions: { anthropic: { serverTools: [search], tools: [fetchTool] } },
    });
    expect(body.tools).toEqual([
      { name: 'now', input_schema: { type: 'object', properties: {} } },
      search,
      fetchTool,
    ]);
    expect(body).not.toHaveProperty('serverTools');
  });

  it('refuses serverTools that are not a list of {type, name}', () => {
    expect(() =>
      convert([user({ text: 'Hi' })], {
        providerOptions: { anthropic: { serverTools: [{ type: 'web_search_20250305' }] } },
      }),
    ).toThrow(/providerOptions\.anthropic\.serverTools must be a list of server tools/);
  });
});

describe('convertToAnthropicRequest: server tools and citations', () => {
  const searchUse = {
    type: 'server_tool_use',
    id: 'srvtoolu_1',
    name: 'web_search',
    input: { query: 'capital of France' },
  };
  const searchResult = {
    type: 'web_search_tool_result',
    tool_use_id: 'srvtoolu_1',
    content: [{ type: 'web_search_result', url: 'https://x.test', encrypted_content: 'E' }],
  };
  const citation = {
    type: 'web_search_result_location',
    url: 'https://x.test',
    title: 'X',
    encrypted_index: 'Eo8B',
    cited_text: 'Paris is the capital.',
  };

  it('sends its own server-tool blocks and citations back as they came, others not', () => {
    const body = convert([
      user({ text: 'Capital of France?' }),
      model(
        { providerBlock: { provider: 'anthropic', data: searchUse } },
        { providerBlock: { provider: 'anthropic', data: searchResult } },
        { providerBlock: { provider: 'other', data: { type: 'x_tool_use' } } },
        {
          text: 'Paris.',
          citations: [
            { uri: 'https://x.test', providerCitation: { provider: 'anthropic', data: citation } },
            { uri: 'https://openai.test' },
          ],
        },
      ),
      user({ text: 'Thanks' }),
    ]);
    expect(body.messages[1]?.content).toEqual([
      searchUse,
      searchResult,
      { type: 'text', text: 'Paris.', citations: [citation] },
    ]);
  });
});

describe('convertToAnthropicRequest: cache breakpoints', () => {
  const ephemeral = { type: 'ephemeral' } as const;

  it('puts the cacheControl of a part and of a turn on the blocks made from them', () => {
    const body = convert([
      {
        role: 'user',
        parts: [
          { text: 'Long document', providerOptions: { anthropic: { cacheControl: ephemeral } } },
          { text: 'Question' },
        ],
      },
      {
        role: 'model',
        parts: [{ text: 'Answer' }],
        providerOptions: { anthropic: { cacheControl: { type: 'ephemeral', ttl: '1h' } } },
      },
      user({ text: 'More' }),
    ]);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Long document', cache_control: ephemeral },
          { type: 'text', text: 'Question' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Answer', cache_control: { type: 'ephemeral', ttl: '1h' } },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'More' }] },
    ]);
  });

  it('refuses a cacheControl that is not { type: ephemeral }', () => {
    expect(() =>
      convert([
        user({ text: 'Hi', providerOptions: { anthropic: { cacheControl: { type: 'forever' } } } }),
      ]),
    ).toThrow(/Content 0 part 0: providerOptions\.anthropic\.cacheControl must be/);
  });

  it('with autoCache, caches the system, the tools and the conversation so far', () => {
    const contents = [user({ text: 'Hi' }), model({ text: 'Hello' }), user({ text: 'Again' })];
    const body = convert(contents, {
      systemInstruction: 'Be brief.',
      tools: [{ functionDeclarations: [{ name: 'now' }, { name: 'later' }] }],
      providerOptions: { anthropic: { autoCache: true } },
    });
    expect(body.system).toEqual([{ type: 'text', text: 'Be brief.', cache_control: ephemeral }]);
    expect(body.tools?.map((tool) => (tool as Record<string, unknown>).cache_control)).toEqual([
      undefined,
      ephemeral,
    ]);
    expect(
      body.messages.map((m) =>
        m.content.map((b) => (b as { cache_control?: unknown }).cache_control),
      ),
    ).toEqual([[undefined], [undefined], [ephemeral]]);
    expect(body).not.toHaveProperty('autoCache');
    // The caller's turns are not marked.
    expect(contents[2]?.parts[0]).toEqual({ text: 'Again' });
  });
});

describe('convertToAnthropicRequest: turns', () => {
  it('renames model to assistant', () => {
    const body = convert([user({ text: 'Hi' }), model({ text: 'Hello!' }), user({ text: 'Bye' })]);
    expect(body.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(body.messages[1]?.content).toEqual([{ type: 'text', text: 'Hello!' }]);
  });

  it('merges consecutive turns of the same role into one message', () => {
    const body = convert([
      user({ text: 'a' }),
      user({ text: 'b' }),
      model({ text: 'c' }),
      model({ text: 'd' }),
    ]);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'c' },
          { type: 'text', text: 'd' },
        ],
      },
    ]);
  });

  it('merges function responses with the user text after them, tool results first', () => {
    const body = convert([
      user({ text: 'Weather in Paris?' }),
      model({ functionCall: { id: 'toolu_1', name: 'get_weather', args: { city: 'Paris' } } }),
      user({ text: 'Also, hurry.' }),
      user({ functionResponse: { id: 'toolu_1', name: 'get_weather', response: { temp: 20 } } }),
    ]);
    expect(body.messages[2]).toEqual({
      role: 'user',
      content: [
        { type: 'tool_result', tool_use_id: 'toolu_1', content: '{"temp":20}' },
        { type: 'text', text: 'Also, hurry.' },
      ],
    });
  });

  it('puts tool results first within one user turn', () => {
    const body = convert([
      user({ text: 'Go' }),
      model({ functionCall: { id: 'toolu_1', name: 'f', args: {} } }),
      user({ text: 'note' }, { functionResponse: { id: 'toolu_1', name: 'f', response: {} } }),
    ]);
    expect(body.messages[2]?.content.map((b) => b.type)).toEqual(['tool_result', 'text']);
  });

  it('drops empty text, and turns left with nothing, merging their neighbours', () => {
    const body = convert([
      user({ text: 'a' }),
      model({ text: '' }),
      user({ text: '' }, { text: 'b' }),
    ]);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'a' },
          { type: 'text', text: 'b' },
        ],
      },
    ]);
  });

  it('drops whitespace-only text, which the API refuses in any turn, so one blank reply cannot block the chat', () => {
    const body = convert(
      [
        user({ text: 'Say nothing.' }),
        model({ text: '\n\n' }),
        user({ text: ' ' }, { text: 'Now say hi.' }),
        model({ text: ' Hi ' }),
        user({ text: 'Thanks' }),
      ],
      { systemInstruction: ' \n' },
    );
    expect(body.system).toBeUndefined();
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Say nothing.' },
          { type: 'text', text: 'Now say hi.' },
        ],
      },
      // Text with words keeps its spaces.
      { role: 'assistant', content: [{ type: 'text', text: ' Hi ' }] },
      { role: 'user', content: [{ type: 'text', text: 'Thanks' }] },
    ]);
  });

  it('refuses a new message of whitespace only, rather than end the request on the model turn', () => {
    expect(() =>
      convert([user({ text: 'Hi' }), model({ text: 'Hello' }), user({ text: '  ' })]),
    ).toThrow(InvalidMessageError);
  });

  it('puts a placeholder user message before a history that starts with a model turn', () => {
    const body = convert([model({ text: 'How can I help?' }), user({ text: 'Sky colour?' })]);
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: '(start of conversation)' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'How can I help?' }] },
      { role: 'user', content: [{ type: 'text', text: 'Sky colour?' }] },
    ]);
  });
});

describe('convertToAnthropicRequest: function calls and responses', () => {
  it('sends calls as tool_use blocks and responses as tool_result blocks', () => {
    const body = convert([
      user({ text: 'Weather?' }),
      model(
        { text: 'Checking.' },
        { functionCall: { id: 'toolu_1', name: 'get_weather', args: { city: 'Paris' } } },
      ),
      user({ functionResponse: { id: 'toolu_1', name: 'get_weather', response: { temp: 20 } } }),
    ]);
    expect(body.messages[1]?.content).toEqual([
      { type: 'text', text: 'Checking.' },
      { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
    ]);
    expect(body.messages[2]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 'toolu_1', content: '{"temp":20}' },
    ]);
  });

  it('sends a call without args as an empty input', () => {
    const body = convert([
      user({ text: 'Time?' }),
      model({ functionCall: { id: 'a', name: 'now' } }),
    ]);
    expect(body.messages[1]?.content).toEqual([
      { type: 'tool_use', id: 'a', name: 'now', input: {} },
    ]);
  });

  it('marks a response with an error key as is_error', () => {
    const body = convert([
      user({ text: 'Go' }),
      model({ functionCall: { id: 'a', name: 'f', args: {} } }),
      user({ functionResponse: { id: 'a', name: 'f', response: { error: 'disk full' } } }),
    ]);
    expect(body.messages[2]?.content).toEqual([
      { type: 'tool_result', tool_use_id: 'a', content: '{"error":"disk full"}', is_error: true },
    ]);
  });

  it('does not mark a response whose error key is null or undefined as an error', () => {
    for (const response of [
      { error: null, value: 1 },
      { error: undefined, value: 1 },
    ]) {
      const body = convert([
        user({ text: 'Go' }),
        model({ functionCall: { id: 'a', name: 'f', args: {} } }),
        user({ functionResponse: { id: 'a', name: 'f', response } }),
      ]);
      expect(body.messages[2]?.content[0]).not.toHaveProperty('is_error');
    }
  });

  it('refuses a BigInt in a function response with a ConfigurationError naming the function', () => {
    expect(() =>
      convert([
        user({ text: 'Go' }),
        model({ functionCall: { id: 'a', name: 'count', args: {} } }),
        user({ functionResponse: { id: 'a', name: 'count', response: { n: 10n } } }),
      ]),
    ).toThrow(/"count".*not JSON-serialisable/);
  });

  it('refuses a response that cannot be serialised', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() =>
      convert([
        user({ text: 'Go' }),
        model({ functionCall: { id: 'a', name: 'f', args: {} } }),
        user({ functionResponse: { id: 'a', name: 'f', response: cyclic } }),
      ]),
    ).toThrow(ConfigurationError);
  });

  it('synthesises stable ids for a Gemini-style history and pairs the responses to them', () => {
    const history = [
      user({ text: 'Weather in Paris and Rome, and the time?' }),
      model(
        { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
        { functionCall: { name: 'now', args: {} } },
        { functionCall: { name: 'get_weather', args: { city: 'Rome' } } },
      ),
      user(
        { functionResponse: { name: 'get_weather', response: { temp: 20 } } },
        { functionResponse: { name: 'get_weather', response: { temp: 25 } } },
        { functionResponse: { name: 'now', response: { time: '12:00' } } },
      ),
    ];
    const first = convert(history);
    const calls = first.messages[1]?.content ?? [];
    const results = first.messages[2]?.content ?? [];
    const paris = synthesizeCallId({ turnIndex: 1, partIndex: 0, name: 'get_weather' });
    const now = synthesizeCallId({ turnIndex: 1, partIndex: 1, name: 'now' });
    const rome = synthesizeCallId({ turnIndex: 1, partIndex: 2, name: 'get_weather' });
    expect(calls.map((b) => (b.type === 'tool_use' ? b.id : undefined))).toEqual([
      paris,
      now,
      rome,
    ]);
    // Responses without ids answer the earliest unanswered call of their name, in order.
    expect(results.map((b) => (b.type === 'tool_result' ? b.tool_use_id : undefined))).toEqual([
      paris,
      rome,
      now,
    ]);
    expect(convert(history)).toEqual(first);
  });

  it('pairs responses with ids first, so id-less ones take the calls left over', () => {
    const body = convert([
      user({ text: 'Go' }),
      model(
        { functionCall: { id: 'a', name: 'f', args: {} } },
        { functionCall: { id: 'b', name: 'f', args: {} } },
      ),
      user(
        { functionResponse: { name: 'f', response: { n: 2 } } },
        { functionResponse: { id: 'a', name: 'f', response: { n: 1 } } },
      ),
    ]);
    expect(
      body.messages[2]?.content.map((b) => (b.type === 'tool_result' ? b.tool_use_id : '')),
    ).toEqual(['b', 'a']);
  });

  it('refuses a response without id that answers no call of the turn before', () => {
    const contents = [
      user({ text: 'Go' }),
      model({ functionCall: { id: 'a', name: 'f', args: {} } }),
      user({ functionResponse: { name: 'g', response: {} } }),
    ];
    expect(() => convert(contents)).toThrow(InvalidHistoryError);
    expect(() => convert(contents)).toThrow(/"g"/);
  });

  it('refuses calls in user turns and responses in model turns', () => {
    expect(() => convert([user({ functionCall: { name: 'f', args: {} } })])).toThrow(
      InvalidHistoryError,
    );
    expect(() =>
      convert([user({ text: 'Hi' }), model({ functionResponse: { name: 'f', response: {} } })]),
    ).toThrow(InvalidHistoryError);
  });
});

describe('convertToAnthropicRequest: media', () => {
  it('sends inline images as base64 image blocks', () => {
    const body = convert([
      user(
        { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
        { text: 'What is it?' },
      ),
    ]);
    expect(body.messages[0]?.content).toEqual([
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'text', text: 'What is it?' },
    ]);
  });

  it('normalises image/jpg and mime type parameters', () => {
    const body = convert([
      user(
        { inlineData: { mimeType: 'image/jpg', data: 'AA==' } },
        { inlineData: { mimeType: 'image/webp; q=1', data: 'AA==' } },
      ),
    ]);
    expect(
      body.messages[0]?.content.map((b) =>
        b.type === 'image' && b.source.type === 'base64' ? b.source.media_type : '',
      ),
    ).toEqual(['image/jpeg', 'image/webp']);
  });

  it('sends inline PDFs as document blocks', () => {
    const body = convert([user({ inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } })]);
    expect(body.messages[0]?.content).toEqual([
      {
        type: 'document',
        source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0=' },
      },
    ]);
  });

  it('refuses other inline mime types, naming the type', () => {
    expect(() => convert([user({ inlineData: { mimeType: 'audio/wav', data: 'AA==' } })])).toThrow(
      ConfigurationError,
    );
    expect(() => convert([user({ inlineData: { mimeType: 'audio/wav', data: 'AA==' } })])).toThrow(
      /audio\/wav/,
    );
  });

  it('sends http(s) files as url sources', () => {
    const body = convert([
      user(
        { fileData: { fileUri: 'https://example.com/cat.jpg', mimeType: 'image/jpeg' } },
        { fileData: { fileUri: 'https://example.com/paper.pdf', mimeType: 'application/pdf' } },
        { fileData: { fileUri: 'https://example.com/report.pdf?v=2' } },
        { fileData: { fileUri: 'http://example.com/dog' } },
      ),
    ]);
    expect(body.messages[0]?.content).toEqual([
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'document', source: { type: 'url', url: 'https://example.com/paper.pdf' } },
      { type: 'document', source: { type: 'url', url: 'https://example.com/report.pdf?v=2' } },
      { type: 'image', source: { type: 'url', url: 'http://example.com/dog' } },
    ]);
  });

  it('sends text/plain inline data as a text document, and refuses it by URL', () => {
    const data = Buffer.from('Notes: café ☕', 'utf8').toString('base64');
    const body = convert([user({ inlineData: { mimeType: 'text/plain; charset=utf-8', data } })]);
    expect(body.messages[0]?.content).toEqual([
      {
        type: 'document',
        source: { type: 'text', media_type: 'text/plain', data: 'Notes: café ☕' },
      },
    ]);
    expect(() => convert([user({ inlineData: { mimeType: 'text/plain', data: '%%%' } })])).toThrow(
      /not base64-encoded UTF-8/,
    );
    expect(() =>
      convert([user({ fileData: { fileUri: 'https://x.test/a.txt', mimeType: 'text/plain' } })]),
    ).toThrow(/send the file as inlineData/);
  });

  it('refuses files Anthropic cannot fetch or read', () => {
    expect(() =>
      convert([user({ fileData: { fileUri: 'ftp://host/cat.jpg', mimeType: 'image/jpeg' } })]),
    ).toThrow(/"ftp:"/);
    for (const fileUri of [
      'gs://bucket/cat.jpg',
      'https://generativelanguage.googleapis.com/v1beta/files/abc123',
    ]) {
      expect(() => convert([user({ fileData: { fileUri, mimeType: 'image/jpeg' } })])).toThrow(
        /only Gemini can read.*inlineData.*upload/,
      );
    }
    expect(() =>
      convert([user({ fileData: { fileUri: 'https://x.test/a.mp3', mimeType: 'audio/mpeg' } })]),
    ).toThrow(/audio\/mpeg/);
  });

  it('refuses media in model turns', () => {
    expect(() =>
      convert([
        user({ text: 'Draw' }),
        model({ inlineData: { mimeType: 'image/png', data: 'AA==' } }),
      ]),
    ).toThrow(ConfigurationError);
  });
});

describe('convertToAnthropicRequest: thinking', () => {
  it('sends a signed thought part as a thinking block', () => {
    const body = convert([
      user({ text: 'GCD?' }),
      model(
        { text: 'Euclid...', thought: true, thoughtSignature: 'anthropic:sig1' },
        { text: '21' },
      ),
    ]);
    expect(body.messages[1]?.content).toEqual([
      { type: 'thinking', thinking: 'Euclid...', signature: 'sig1' },
      { type: 'text', text: '21' },
    ]);
  });

  it('joins streamed thought text with the signed part that ends it', () => {
    const body = convert([
      user({ text: 'GCD?' }),
      model(
        { text: 'Eu', thought: true },
        { text: 'clid', thought: true },
        { text: '', thought: true, thoughtSignature: 'anthropic:sig1' },
        { text: '21' },
      ),
    ]);
    expect(body.messages[1]?.content).toEqual([
      { type: 'thinking', thinking: 'Euclid', signature: 'sig1' },
      { type: 'text', text: '21' },
    ]);
  });

  it('drops thought parts signed by another provider (a bare Gemini thoughtSignature)', () => {
    const body = convert([
      user({ text: 'GCD?' }),
      model(
        { text: 'Gemini thinking', thought: true, thoughtSignature: 'CiQBjz1rXGeminiSig==' },
        { text: 'Claude thinking', thought: true, thoughtSignature: 'anthropic:EqQB' },
        { text: '21' },
      ),
    ]);
    expect(body.messages[1]?.content).toEqual([
      { type: 'thinking', thinking: 'Claude thinking', signature: 'EqQB' },
      { type: 'text', text: '21' },
    ]);
  });

  it('drops thought parts without a signature', () => {
    const body = convert([
      user({ text: 'GCD?' }),
      model({ text: 'unsigned', thought: true }, { text: '21' }, { text: 'late', thought: true }),
    ]);
    expect(body.messages[1]?.content).toEqual([{ type: 'text', text: '21' }]);
  });

  it('sends a redacted-thinking part back as a redacted_thinking block', () => {
    const body = convert([
      user({ text: 'Hi' }),
      model(
        { text: '', thought: true, thoughtSignature: 'redacted_thinking:EmwKAhgB' },
        { text: 'Hello' },
      ),
    ]);
    expect(body.messages[1]?.content).toEqual([
      { type: 'redacted_thinking', data: 'EmwKAhgB' },
      { type: 'text', text: 'Hello' },
    ]);
  });

  it('maps thinkingConfig to thinking, making room for the budget in max_tokens', () => {
    const hi = [user({ text: 'Hi' })];
    expect(convert(hi, { thinkingConfig: { thinkingBudget: 2048 } })).toMatchObject({
      thinking: { type: 'enabled', budget_tokens: 2048 },
      max_tokens: 4096 + 2048,
    });
    expect(
      convert(hi, { thinkingConfig: { thinkingBudget: 2048 }, maxOutputTokens: 10000 }),
    ).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 2048 }, max_tokens: 10000 });
    // Anthropic's smallest budget is 1024.
    expect(convert(hi, { thinkingConfig: { thinkingBudget: 100 } }).thinking).toEqual({
      type: 'enabled',
      budget_tokens: 1024,
    });
    expect(convert(hi, { thinkingConfig: { thinkingBudget: 0 } }).thinking).toEqual({
      type: 'disabled',
    });
    expect(convert(hi, { thinkingConfig: { thinkingLevel: 'LOW' } }).thinking).toEqual({
      type: 'enabled',
      budget_tokens: 2048,
    });
    expect(convert(hi, { thinkingConfig: { thinkingLevel: 'HIGH' } }).thinking).toEqual({
      type: 'enabled',
      budget_tokens: 24576,
    });
    // -1 (the model decides) has no Anthropic form: a medium budget stands in.
    expect(convert(hi, { thinkingConfig: { thinkingBudget: -1 } }).thinking).toEqual({
      type: 'enabled',
      budget_tokens: 8192,
    });
    expect(convert(hi, { thinkingConfig: { includeThoughts: true } })).not.toHaveProperty(
      'thinking',
    );
  });

  it('refuses a thinking budget that leaves no room under maxOutputTokens', () => {
    expect(() =>
      convert([user({ text: 'Hi' })], {
        thinkingConfig: { thinkingBudget: 4096 },
        maxOutputTokens: 4096,
      }),
    ).toThrow(/thinkingBudget.*maxOutputTokens/);
  });

  it('drops thought parts in user turns', () => {
    const body = convert([
      user({ text: 'x', thought: true, thoughtSignature: 's' }, { text: 'Hi' }),
    ]);
    expect(body.messages[0]?.content).toEqual([{ type: 'text', text: 'Hi' }]);
  });
});

describe('convertToAnthropicRequest: structured output', () => {
  const city = {
    type: 'object',
    properties: { name: { type: 'string' } },
    required: ['name'],
  };
  const weather = { name: 'get_weather', parameters: { type: 'OBJECT' } };

  it('asks for JSON by forcing a json_response tool whose input schema is the reply schema', () => {
    const body = convert([user({ text: 'A city' })], {
      responseMimeType: 'application/json',
      responseJsonSchema: city,
    });
    expect(body.tools).toEqual([
      { name: 'json_response', description: expect.any(String), input_schema: city },
    ]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'json_response' });
  });

  it("converts genai's responseSchema, wraps a schema that is not an object, and takes any JSON object without one", () => {
    const tool = (config: TransportConfig) =>
      (convert([user({ text: 'x' })], config).tools as Array<{ input_schema: unknown }>)[0]
        ?.input_schema;
    expect(
      tool({
        responseMimeType: 'application/json',
        responseSchema: { type: 'OBJECT', properties: { n: { type: 'INTEGER' } } },
      }),
    ).toEqual({ type: 'object', properties: { n: { type: 'integer' } } });
    expect(
      tool({
        responseMimeType: 'application/json',
        responseJsonSchema: { type: 'array', items: { type: 'string' } },
      }),
    ).toEqual({
      type: 'object',
      properties: { value: { type: 'array', items: { type: 'string' } } },
      required: ['value'],
    });
    expect(tool({ responseMimeType: 'application/json' })).toEqual({ type: 'object' });
    expect(
      convert([user({ text: 'x' })], { responseMimeType: 'text/plain' }).tools,
    ).toBeUndefined();
  });

  it('with function tools, offers them beside it under tool_choice any; mode NONE leaves them out', () => {
    const config: TransportConfig = {
      responseMimeType: 'application/json',
      responseJsonSchema: city,
      tools: [{ functionDeclarations: [weather] }],
    };
    const body = convert([user({ text: 'x' })], config);
    expect((body.tools as Array<{ name: string }>).map((t) => t.name)).toEqual([
      'get_weather',
      'json_response',
    ]);
    expect(body.tool_choice).toEqual({ type: 'any' });
    const none = convert([user({ text: 'x' })], {
      ...config,
      toolConfig: { functionCallingConfig: { mode: 'NONE' } },
    });
    expect((none.tools as Array<{ name: string }>).map((t) => t.name)).toEqual(['json_response']);
    expect(none.tool_choice).toEqual({ type: 'tool', name: 'json_response' });
  });

  it('offers it with tool_choice auto while thinking, which Anthropic will not force', () => {
    const body = convert([user({ text: 'x' })], {
      responseMimeType: 'application/json',
      responseJsonSchema: city,
      thinkingConfig: { thinkingBudget: 2048 },
    });
    expect(body.tool_choice).toEqual({ type: 'auto' });
  });

  it('refuses a function of the same name', () => {
    expect(() =>
      convert([user({ text: 'x' })], {
        responseMimeType: 'application/json',
        tools: [{ functionDeclarations: [{ name: 'json_response' }] }],
      }),
    ).toThrow(ConfigurationError);
  });
});
