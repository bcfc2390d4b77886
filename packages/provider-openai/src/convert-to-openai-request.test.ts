import {
  ConfigurationError,
  type Content,
  InvalidHistoryError,
  type ToolConfig,
} from '@colloquy/chat-core';
import type { TransportConfig } from '@colloquy/chat-core/spec';
import { synthesizeCallId } from '@colloquy/provider-kit';
import { describe, expect, it } from 'vitest';
import { convertToOpenAIRequest } from './convert-to-openai-request';

type FunctionCallingConfig = NonNullable<ToolConfig['functionCallingConfig']>;

function convert(contents: Content[], config?: TransportConfig, stream = false) {
  return convertToOpenAIRequest({ model: 'gpt-4o-mini', contents, config, stream });
}

const hello: Content = { role: 'user', parts: [{ text: 'Hello' }] };

describe('convertToOpenAIRequest: messages', () => {
  it('sends a single text part as a plain string and model turns as assistant', () => {
    const body = convert([hello, { role: 'model', parts: [{ text: 'Hi!' }] }, hello]);
    expect(body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'Hello' },
        { role: 'assistant', content: 'Hi!' },
        { role: 'user', content: 'Hello' },
      ],
    });
  });

  it('keeps several text parts as separate content parts', () => {
    const body = convert([{ role: 'user', parts: [{ text: 'a' }, { text: 'b' }] }]);
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

  it('puts the system instruction first, as system or developer', () => {
    expect(convert([hello], { systemInstruction: 'Be brief.' }).messages[0]).toEqual({
      role: 'system',
      content: 'Be brief.',
    });
    const developer = convert([hello], {
      systemInstruction: { role: 'user', parts: [{ text: 'Be brief.' }, { text: 'Be kind.' }] },
      providerOptions: { openai: { systemRole: 'developer' } },
    });
    expect(developer.messages[0]).toEqual({ role: 'developer', content: 'Be brief.\nBe kind.' });
    expect(developer).not.toHaveProperty('systemRole');
    expect(convert([hello], { systemInstruction: ['One.', { text: 'Two.' }] }).messages[0]).toEqual(
      { role: 'system', content: 'One.\nTwo.' },
    );
  });

  it('sends no system message for an empty instruction, and leaves thought parts out', () => {
    for (const systemInstruction of [
      '',
      [],
      [''],
      { text: '' },
      { role: 'user' as const, parts: [] },
      { role: 'user' as const, parts: [{ text: '' }] },
    ]) {
      expect(convert([hello], { systemInstruction }).messages[0]?.role).toBe('user');
    }
    expect(
      convert([hello], { systemInstruction: [{ text: 'hmm', thought: true }, 'Be brief.'] })
        .messages[0],
    ).toEqual({ role: 'system', content: 'Be brief.' });
  });

  it('rejects a system instruction holding a file, and an unknown system role', () => {
    expect(() =>
      convert([hello], {
        systemInstruction: { inlineData: { mimeType: 'image/png', data: 'AA==' } },
      }),
    ).toThrow(ConfigurationError);
    expect(() =>
      convert([hello], {
        systemInstruction: 'x',
        providerOptions: { openai: { systemRole: 'admin' } },
      }),
    ).toThrow(/systemRole/);
  });

  it('maps inline images, audio and PDFs, and image URLs', () => {
    const body = convert([
      {
        role: 'user',
        parts: [
          { text: 'What is this?' },
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
          { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
          { inlineData: { mimeType: 'audio/mpeg', data: 'SUQz' } },
          { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } },
          { fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat.jpg' } },
        ],
      },
    ]);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is this?' },
          { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
          { type: 'input_audio', input_audio: { data: 'SUQz', format: 'mp3' } },
          {
            type: 'file',
            file: { filename: 'part-4.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' },
          },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
        ],
      },
    ]);
  });

  it('sends an image part providerOptions.openai.imageDetail as detail, and refuses a bad one', () => {
    const body = convert([
      {
        role: 'user',
        parts: [
          {
            inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' },
            providerOptions: { openai: { imageDetail: 'low' } },
          },
          {
            fileData: { mimeType: 'image/jpeg', fileUri: 'https://example.com/cat.jpg' },
            providerOptions: { openai: { imageDetail: 'high' }, anthropic: { cacheControl: {} } },
          },
        ],
      },
    ]);
    expect(body.messages[0]?.content).toEqual([
      {
        type: 'image_url',
        image_url: { url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'low' },
      },
      { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
    ]);
    const bad: Content = {
      role: 'user',
      parts: [
        {
          inlineData: { mimeType: 'image/png', data: 'AA==' },
          providerOptions: { openai: { imageDetail: 'medium' } },
        },
      ],
    };
    expect(() => convert([bad])).toThrow(/Content 0 part 0 .*imageDetail "medium"/);
  });

  it('refuses gs:// and Gemini Files API URIs up front, saying to inline or upload the file', () => {
    for (const fileUri of [
      'gs://bucket/cat.png',
      'https://generativelanguage.googleapis.com/v1beta/files/abc123',
    ]) {
      const image: Content = {
        role: 'user',
        parts: [{ fileData: { mimeType: 'image/png', fileUri } }],
      };
      expect(() => convert([image])).toThrow(ConfigurationError);
      expect(() => convert([image])).toThrow(/only Gemini can read.*inlineData.*upload/);
    }
  });

  it('rejects other mime types with a ConfigurationError naming the type', () => {
    const video: Content = {
      role: 'user',
      parts: [{ inlineData: { mimeType: 'video/mp4', data: 'AAAA' } }],
    };
    expect(() => convert([video])).toThrow(ConfigurationError);
    expect(() => convert([video])).toThrow(/video\/mp4/);
    const pdfLink: Content = {
      role: 'user',
      parts: [{ fileData: { mimeType: 'application/pdf', fileUri: 'https://b.example/a.pdf' } }],
    };
    expect(() => convert([pdfLink])).toThrow(/application\/pdf/);
    const noMime: Content = {
      role: 'user',
      parts: [{ fileData: { fileUri: 'https://b.example/a' } }],
    };
    expect(() => convert([noMime])).toThrow(/no mimeType/);
    const modelImage: Content = {
      role: 'model',
      parts: [{ inlineData: { mimeType: 'image/png', data: 'AA==' } }],
    };
    expect(() => convert([hello, modelImage])).toThrow(ConfigurationError);
  });

  it('sends unsigned reasoning back as reasoning_content with tool calls, never thoughts signed elsewhere', () => {
    const call = { functionCall: { id: 'c1', name: 'f', args: {} } };
    const body = convert([
      hello,
      {
        role: 'model',
        parts: [
          { text: 'Gemini thought', thought: true, thoughtSignature: 'CiQBGemini' },
          { text: 'Step one. ', thought: true },
          { text: 'Step two.', thought: true },
          { text: '', thought: true, thoughtSignature: 'EqQBAnthropic' },
          call,
        ],
      },
      { role: 'user', parts: [{ functionResponse: { id: 'c1', name: 'f', response: {} } }] },
    ]);
    expect(body.messages[1]).toEqual({
      role: 'assistant',
      content: '',
      reasoning_content: 'Step one. Step two.',
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
    });
    // Only signed thoughts: no reasoning_content at all.
    const signedOnly = convert([
      hello,
      { role: 'model', parts: [{ text: 'x', thought: true, thoughtSignature: 's' }, call] },
      { role: 'user', parts: [{ functionResponse: { id: 'c1', name: 'f', response: {} } }] },
    ]);
    expect(signedOnly.messages[1]).not.toHaveProperty('reasoning_content');
  });

  it('drops thought parts from requests', () => {
    const body = convert([
      hello,
      { role: 'model', parts: [{ text: 'thinking…', thought: true }, { text: 'Answer' }] },
      hello,
      { role: 'model', parts: [{ text: 'only thinking', thought: true }] },
    ]);
    expect(body.messages[1]).toEqual({ role: 'assistant', content: 'Answer' });
    expect(body.messages[3]).toEqual({ role: 'assistant', content: '' });
  });

  it('rejects a role other than user or model, and parts in the wrong turn', () => {
    const system = { role: 'system', parts: [{ text: 'x' }] } as unknown as Content;
    expect(() => convert([system])).toThrow(InvalidHistoryError);
    expect(() =>
      convert([{ role: 'user', parts: [{ functionCall: { name: 'f', args: {} } }] }]),
    ).toThrow(InvalidHistoryError);
    expect(() =>
      convert([{ role: 'model', parts: [{ functionResponse: { name: 'f', response: {} } }] }]),
    ).toThrow(InvalidHistoryError);
  });
});

describe('convertToOpenAIRequest: tool calls', () => {
  it('round-trips calls with ids as tool_calls and tool messages', () => {
    const body = convert([
      { role: 'user', parts: [{ text: 'Weather in Paris and Oslo?' }] },
      {
        role: 'model',
        parts: [
          { text: 'Checking.' },
          { functionCall: { id: 'call_1', name: 'get_weather', args: { city: 'Paris' } } },
          { functionCall: { id: 'call_2', name: 'get_weather', args: { city: 'Oslo' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'call_1', name: 'get_weather', response: { temp: 21 } } },
          { functionResponse: { id: 'call_2', name: 'get_weather', response: { temp: 12 } } },
          { text: 'Thanks' },
        ],
      },
    ]);
    expect(body.messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Oslo?' },
      {
        role: 'assistant',
        content: 'Checking.',
        tool_calls: [
          {
            id: 'call_1',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
          },
          {
            id: 'call_2',
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Oslo"}' },
          },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1', content: '{"temp":21}' },
      { role: 'tool', tool_call_id: 'call_2', content: '{"temp":12}' },
      { role: 'user', content: 'Thanks' },
    ]);
  });

  it('refuses a function response that cannot be serialised (a BigInt) with a ConfigurationError', () => {
    const call = () =>
      convert([
        hello,
        { role: 'model', parts: [{ functionCall: { id: 'c', name: 'count', args: {} } }] },
        {
          role: 'user',
          parts: [{ functionResponse: { id: 'c', name: 'count', response: { n: 10n } } }],
        },
      ]);
    expect(call).toThrow(ConfigurationError);
    expect(call).toThrow(/"count".*not JSON-serialisable/);
  });

  it('puts tool messages before the text of a mixed user turn', () => {
    const body = convert([
      { role: 'model', parts: [{ functionCall: { id: 'c', name: 'f' } }] },
      {
        role: 'user',
        parts: [{ text: 'and also' }, { functionResponse: { id: 'c', name: 'f', response: {} } }],
      },
    ]);
    expect(body.messages).toEqual([
      {
        role: 'assistant',
        content: '',
        tool_calls: [{ id: 'c', type: 'function', function: { name: 'f', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c', content: '{}' },
      { role: 'user', content: 'and also' },
    ]);
  });

  it('synthesises stable ids for a Gemini-style history and pairs responses by name', () => {
    const history: Content[] = [
      { role: 'user', parts: [{ text: 'Weather in Paris and Oslo, and the time?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Paris' } } },
          { functionCall: { name: 'get_time', args: {} } },
          { functionCall: { name: 'get_weather', args: { city: 'Oslo' } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'get_time', response: { time: '12:00' } } },
          { functionResponse: { name: 'get_weather', response: { temp: 21 } } },
          { functionResponse: { name: 'get_weather', response: { temp: 12 } } },
        ],
      },
    ];
    const first = convert(history);
    const paris = synthesizeCallId({ turnIndex: 1, partIndex: 0, name: 'get_weather' });
    const time = synthesizeCallId({ turnIndex: 1, partIndex: 1, name: 'get_time' });
    const oslo = synthesizeCallId({ turnIndex: 1, partIndex: 2, name: 'get_weather' });
    expect(new Set([paris, time, oslo]).size).toBe(3);
    const assistant = first.messages[1] as { tool_calls: Array<{ id: string }> };
    expect(assistant.tool_calls.map((c) => c.id)).toEqual([paris, time, oslo]);
    expect(first.messages.slice(2)).toEqual([
      { role: 'tool', tool_call_id: time, content: '{"time":"12:00"}' },
      { role: 'tool', tool_call_id: paris, content: '{"temp":21}' },
      { role: 'tool', tool_call_id: oslo, content: '{"temp":12}' },
    ]);
    // Stable: the same history converts to the same ids, and the input is left untouched.
    expect(convert(history)).toEqual(first);
    expect(history[1]?.parts[0]?.functionCall).not.toHaveProperty('id');
  });

  it('lets explicit ids claim their calls before id-less responses pair by name', () => {
    const body = convert([
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'f', args: { n: 1 } } },
          { functionCall: { id: 'explicit', name: 'f', args: { n: 2 } } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'f', response: { n: 1 } } },
          { functionResponse: { id: 'explicit', name: 'f', response: { n: 2 } } },
        ],
      },
    ]);
    const synthetic = synthesizeCallId({ turnIndex: 0, partIndex: 0, name: 'f' });
    expect(body.messages.slice(1)).toEqual([
      { role: 'tool', tool_call_id: synthetic, content: '{"n":1}' },
      { role: 'tool', tool_call_id: 'explicit', content: '{"n":2}' },
    ]);
  });

  it('rejects an id-less response with no call to answer', () => {
    const orphan: Content[] = [
      { role: 'model', parts: [{ functionCall: { name: 'f' } }] },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'f', response: {} } },
          { functionResponse: { name: 'f', response: {} } },
        ],
      },
    ];
    expect(() => convert(orphan)).toThrow(InvalidHistoryError);
    expect(() => convert(orphan)).toThrow(/"f"/);
  });
});

describe('convertToOpenAIRequest: tools and config', () => {
  const weather = {
    name: 'get_weather',
    description: 'Weather for a city',
    parameters: {
      type: 'OBJECT',
      properties: { city: { type: 'STRING', description: 'City name' } },
      required: ['city'],
    },
  };

  it('declares functions, converting Gemini-style parameters to JSON Schema', () => {
    const body = convert([hello], {
      tools: [
        {
          functionDeclarations: [
            weather,
            {
              name: 'lookup',
              parametersJsonSchema: { type: 'object', properties: { q: { type: 'string' } } },
            },
            { name: 'now' },
          ],
        },
      ],
    });
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: {
          name: 'get_weather',
          description: 'Weather for a city',
          parameters: {
            type: 'object',
            properties: { city: { type: 'string', description: 'City name' } },
            required: ['city'],
          },
        },
      },
      {
        type: 'function',
        function: {
          name: 'lookup',
          parameters: { type: 'object', properties: { q: { type: 'string' } } },
        },
      },
      {
        type: 'function',
        function: { name: 'now', parameters: { type: 'object', properties: {} } },
      },
    ]);
    expect(body).not.toHaveProperty('tool_choice');
  });

  it.each([
    [{ mode: 'AUTO' }, 'auto'],
    [{ mode: 'VALIDATED' }, 'auto'],
    [{ mode: 'NONE' }, 'none'],
    [{ mode: 'ANY' }, 'required'],
    [
      { mode: 'ANY', allowedFunctionNames: ['get_weather'] },
      { type: 'function', function: { name: 'get_weather' } },
    ],
  ] satisfies Array<[FunctionCallingConfig, unknown]>)(
    'maps functionCallingConfig %j to tool_choice %j',
    (calling, choice) => {
      const body = convert([hello], {
        tools: [{ functionDeclarations: [weather] }],
        toolConfig: { functionCallingConfig: calling },
      });
      expect(body.tool_choice).toEqual(choice);
      expect(body.tools).toHaveLength(1);
    },
  );

  it('offers only the allowed functions when ANY names several', () => {
    const body = convert([hello], {
      tools: [{ functionDeclarations: [weather, { name: 'a' }, { name: 'b' }] }],
      toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['a', 'b'] } },
    });
    expect(body.tool_choice).toBe('required');
    expect(body.tools?.map((t) => t.function.name)).toEqual(['a', 'b']);
  });

  it('maps the generation config and ignores topK', () => {
    const body = convert([hello], {
      temperature: 0.2,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 256,
      stopSequences: ['END'],
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: 0.25,
      responseJsonSchema: { type: 'object', properties: { a: { type: 'string' } } },
    });
    expect(body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello' }],
      temperature: 0.2,
      top_p: 0.9,
      max_completion_tokens: 256,
      stop: ['END'],
      seed: 7,
      presence_penalty: 0.5,
      frequency_penalty: 0.25,
      response_format: {
        type: 'json_schema',
        json_schema: {
          name: 'response',
          schema: { type: 'object', properties: { a: { type: 'string' } } },
          // An open object with an optional property: strict mode would refuse it.
          strict: false,
        },
      },
    });
  });

  it('maps thinkingConfig to reasoning_effort: levels as they are, budgets by range', () => {
    const effort = (thinkingConfig: TransportConfig['thinkingConfig']) =>
      convert([hello], { thinkingConfig }).reasoning_effort;
    expect(effort({ thinkingLevel: 'MINIMAL' })).toBe('minimal');
    expect(effort({ thinkingLevel: 'LOW' })).toBe('low');
    expect(effort({ thinkingLevel: 'MEDIUM' })).toBe('medium');
    expect(effort({ thinkingLevel: 'HIGH' })).toBe('high');
    expect(effort({ thinkingBudget: 0 })).toBe('minimal');
    expect(effort({ thinkingBudget: 1024 })).toBe('low');
    expect(effort({ thinkingBudget: 8192 })).toBe('medium');
    expect(effort({ thinkingBudget: 24576 })).toBe('high');
    // The budget is the finer setting and wins; -1 (model decides) and includeThoughts alone send none.
    expect(effort({ thinkingBudget: 24576, thinkingLevel: 'LOW' })).toBe('high');
    expect(effort({ thinkingBudget: -1 })).toBeUndefined();
    expect(effort({ includeThoughts: true })).toBeUndefined();
    // An explicit providerOptions.openai.reasoning_effort wins.
    expect(
      convert([hello], {
        thinkingConfig: { thinkingLevel: 'HIGH' },
        providerOptions: { openai: { reasoning_effort: 'low' } },
      }).reasoning_effort,
    ).toBe('low');
  });

  it('sends a closed schema with strict: true, and converts an OpenAPI-form responseSchema', () => {
    const closed = {
      type: 'object',
      properties: { city: { type: 'string' }, tags: { type: 'array', items: { type: 'string' } } },
      required: ['city', 'tags'],
      additionalProperties: false,
    };
    expect(
      convert([hello], { responseMimeType: 'application/json', responseJsonSchema: closed })
        .response_format,
    ).toEqual({
      type: 'json_schema',
      json_schema: { name: 'response', schema: closed, strict: true },
    });
    expect(
      convert([hello], {
        responseMimeType: 'application/json',
        responseSchema: { type: 'OBJECT', properties: { n: { type: 'INTEGER', nullable: true } } },
      }).response_format,
    ).toEqual({
      type: 'json_schema',
      json_schema: {
        name: 'response',
        schema: { type: 'object', properties: { n: { type: ['integer', 'null'] } } },
        strict: false,
      },
    });
  });

  it('maps responseLogprobs and logprobs to logprobs and top_logprobs, and serviceTier', () => {
    const body = convert([hello], { responseLogprobs: true, logprobs: 2, serviceTier: 'standard' });
    expect(body).toMatchObject({ logprobs: true, top_logprobs: 2, service_tier: 'default' });
    expect(convert([hello], { serviceTier: 'flex' }).service_tier).toBe('flex');
  });

  it('maps candidateCount to n', () => {
    expect(convert([hello], { candidateCount: 3 }).n).toBe(3);
  });

  it('uses json_object for a JSON mime type alone, and max_tokens on request', () => {
    const body = convert([hello], {
      responseMimeType: 'application/json',
      maxOutputTokens: 10,
      providerOptions: { openai: { useMaxTokens: true } },
    });
    expect(body.response_format).toEqual({ type: 'json_object' });
    expect(body.max_tokens).toBe(10);
    expect(body).not.toHaveProperty('max_completion_tokens');
    expect(body).not.toHaveProperty('useMaxTokens');
  });

  it('merges provider options into the body but keeps model, messages and stream', () => {
    const body = convert(
      [hello],
      {
        providerOptions: {
          openai: {
            reasoning_effort: 'low',
            user: 'u-1',
            parallel_tool_calls: false,
            model: 'other',
            stream: false,
            stream_options: { include_obfuscation: false },
          },
          gemini: { ignored: true },
        },
      },
      true,
    );
    expect(body).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: 'Hello' }],
      reasoning_effort: 'low',
      user: 'u-1',
      parallel_tool_calls: false,
      stream: true,
      stream_options: { include_usage: true, include_obfuscation: false },
    });
  });

  it('asks for usage when streaming, and sends no stream fields otherwise', () => {
    expect(convert([hello], undefined, true)).toMatchObject({
      stream: true,
      stream_options: { include_usage: true },
    });
    const plain = convert([hello], { providerOptions: { openai: { stream_options: {} } } });
    expect(plain).not.toHaveProperty('stream');
    expect(plain).not.toHaveProperty('stream_options');
  });
});
