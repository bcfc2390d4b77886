import { ConfigurationError, type Content } from '@colloquy/chat-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { convertToGeminiRequest } from './convert-to-gemini-request';

const user = (text: string): Content => ({ role: 'user', parts: [{ text }] });

describe('convertToGeminiRequest', () => {
  it('sends the contents and an empty generationConfig, like the official SDK', () => {
    const contents = [user('why is the sky blue?')];
    expect(convertToGeminiRequest({ contents })).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'why is the sky blue?' }] }],
      generationConfig: {},
    });
    expect(convertToGeminiRequest({ contents, config: {} })).toEqual({
      contents,
      generationConfig: {},
    });
  });

  it('keeps every part kind as it is: thoughts, signatures, call ids, inline and file data', () => {
    const contents: Content[] = [
      {
        role: 'user',
        parts: [
          { text: 'What is in this picture, and the weather in Lyon?' },
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
          { fileData: { mimeType: 'application/pdf', fileUri: 'https://example.test/files/abc' } },
        ],
      },
      {
        role: 'model',
        parts: [
          { text: 'Looking at it.', thought: true, thoughtSignature: 'c2ln' },
          { text: 'A cat.' },
          {
            functionCall: { id: 'fc-1', name: 'getWeather', args: { city: 'Lyon' } },
            thoughtSignature: 'c2lnLTI=',
          },
          { functionCall: { name: 'getTime', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'fc-1', name: 'getWeather', response: { celsius: 21 } } },
          { functionResponse: { name: 'getTime', response: { result: '12:00' } } },
        ],
      },
    ];
    const snapshot = structuredClone(contents);
    const request = convertToGeminiRequest({ contents });
    expect(request.contents).toEqual(snapshot);
    // Gemini accepts calls without ids: none is invented.
    expect(JSON.stringify(request.contents)).not.toContain('call_');
    // The chat's history is passed by reference; the converter must not have touched it.
    expect(contents).toEqual(snapshot);
  });

  it('maps every common generation setting to generationConfig', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    const request = convertToGeminiRequest({
      contents: [user('hi')],
      config: {
        temperature: 0.5,
        topP: 0.9,
        topK: 40,
        maxOutputTokens: 20,
        stopSequences: ['END'],
        seed: 7,
        presencePenalty: 0.1,
        frequencyPenalty: 0.2,
        responseMimeType: 'application/json',
        responseJsonSchema: schema,
      },
    });
    expect(request.generationConfig).toEqual({
      temperature: 0.5,
      topP: 0.9,
      topK: 40,
      maxOutputTokens: 20,
      stopSequences: ['END'],
      seed: 7,
      presencePenalty: 0.1,
      frequencyPenalty: 0.2,
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
    });
  });

  it('keeps settings that are not Gemini request fields out of the body', () => {
    const request = convertToGeminiRequest({
      contents: [user('hi')],
      config: {
        temperature: 0,
        abortSignal: new AbortController().signal,
        httpOptions: { timeout: 5, headers: { 'x-a': 'b' } },
        automaticFunctionCalling: { disable: true },
        providerOptions: { openai: { store: true } },
      },
    });
    expect(request).toEqual({ contents: [user('hi')], generationConfig: { temperature: 0 } });
  });

  it('adds providerOptions.gemini: generationConfig extras, safetySettings, cachedContent', () => {
    const request = convertToGeminiRequest({
      contents: [user('hi')],
      config: {
        temperature: 0.3,
        providerOptions: {
          gemini: {
            generationConfig: {
              thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
              temperature: 1.5,
            },
            safetySettings: [
              { category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' },
            ],
            cachedContent: 'cachedContents/abc123',
          },
        },
      },
    });
    expect(request).toEqual({
      contents: [user('hi')],
      // The common setting wins over the same key given as a Gemini extra.
      generationConfig: {
        thinkingConfig: { thinkingBudget: 1024, includeThoughts: true },
        temperature: 0.3,
      },
      safetySettings: [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' }],
      cachedContent: 'cachedContents/abc123',
    });
  });

  it('leaves out thoughts signed by another provider, and keeps its own and unsigned ones', () => {
    const contents: Content[] = [
      user('GCD?'),
      {
        role: 'model',
        parts: [
          { text: 'Claude thinking', thought: true, thoughtSignature: 'anthropic:EqQB' },
          { text: '', thought: true, thoughtSignature: 'redacted_thinking:EmwK' },
          { text: 'Gemini thinking', thought: true, thoughtSignature: 'CiQBjz1rX==' },
          { text: 'DeepSeek reasoning', thought: true },
          { text: '21', thoughtSignature: 'CiQBjz1rY==' },
        ],
      },
      user('Thanks'),
    ];
    const request = convertToGeminiRequest({ contents });
    expect(request.contents[1]?.parts).toEqual([
      { text: 'Gemini thinking', thought: true, thoughtSignature: 'CiQBjz1rX==' },
      { text: 'DeepSeek reasoning', thought: true },
      { text: '21', thoughtSignature: 'CiQBjz1rY==' },
    ]);
    expect(contents[1]?.parts).toHaveLength(5);
    // The other turns are the caller's own objects, uncopied.
    expect(request.contents[0]).toBe(contents[0]);
  });

  it('leaves out what only another provider reads: its blocks, citations, provider options', () => {
    const searchUse = {
      type: 'server_tool_use',
      id: 'srvtoolu_1',
      name: 'web_search',
      input: { query: 'capital of France' },
    };
    const citation = {
      uri: 'https://example.com',
      providerCitation: { provider: 'anthropic', data: { type: 'web_search_result_location' } },
    };
    const contents: Content[] = [
      {
        role: 'user',
        parts: [{ text: 'Where?', providerOptions: { anthropic: { cacheControl: {} } } }],
        providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } },
      },
      {
        role: 'model',
        parts: [
          { providerBlock: { provider: 'anthropic', data: searchUse } },
          { text: 'Paris.', citations: [citation] },
        ],
      },
      user('Thanks'),
    ];
    const request = convertToGeminiRequest({ contents });
    expect(request.contents).toEqual([
      { role: 'user', parts: [{ text: 'Where?' }] },
      { role: 'model', parts: [{ text: 'Paris.' }] },
      user('Thanks'),
    ]);
    // The caller's turns are not changed.
    expect(contents[1]?.parts).toHaveLength(2);
    expect(contents[1]?.parts[1]?.citations).toEqual([citation]);
  });

  it('sends the built-in tools as typed and a top-level cachedContent', () => {
    const request = convertToGeminiRequest({
      contents: [user('hi')],
      config: {
        tools: [{ googleSearch: {} }, { codeExecution: {} }, { urlContext: {} }],
        cachedContent: 'cachedContents/abc',
        providerOptions: { gemini: { cachedContent: 'cachedContents/older' } },
      },
    });
    expect(request.tools).toEqual([
      { googleSearch: {} },
      { codeExecution: {} },
      { urlContext: {} },
    ]);
    expect(request.cachedContent).toBe('cachedContents/abc');
    expect(request.generationConfig).toEqual({});
  });

  it('sends a top-level thinkingConfig and candidateCount in generationConfig', () => {
    const thinkingConfig = { thinkingBudget: 2048, includeThoughts: true };
    for (const more of [{ thinkingLevel: 'HIGH' as const }, {}]) {
      const request = convertToGeminiRequest({
        contents: [user('hi')],
        config: { thinkingConfig: { ...thinkingConfig, ...more }, candidateCount: 2 },
      });
      expect(request.generationConfig).toEqual({
        thinkingConfig: { ...thinkingConfig, ...more },
        candidateCount: 2,
      });
    }
  });

  it("maps genai's other GenerateContentConfig fields where the official SDK puts them", () => {
    const request = convertToGeminiRequest({
      contents: [user('hi')],
      config: {
        responseMimeType: 'application/json',
        responseSchema: { type: 'OBJECT', properties: { a: { type: 'STRING' } } },
        responseLogprobs: true,
        logprobs: 3,
        responseModalities: ['TEXT', 'IMAGE'],
        mediaResolution: 'MEDIA_RESOLUTION_LOW',
        speechConfig: 'Kore',
        enableEnhancedCivicAnswers: true,
        imageConfig: { aspectRatio: '16:9' },
        audioTranscriptionConfig: { languageCodes: ['en'] },
        safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }],
        cachedContent: 'cachedContents/top',
        labels: { team: 'a' },
        serviceTier: 'flex',
        store: false,
        continuationToken: 'Q29udGludWU=',
        routingConfig: { autoMode: {} },
        modelArmorConfig: { promptTemplateName: 'x' },
        generationOutputConfig: { gcsUri: 'gs://b' },
        modelSelectionConfig: { featureSelectionPreference: 'PRIORITIZE_COST' },
        audioTimestamp: true,
        providerOptions: {
          gemini: {
            safetySettings: [
              { category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_ONLY_HIGH' },
            ],
            cachedContent: 'cachedContents/extra',
          },
        },
      },
    });
    expect(request).toEqual({
      contents: [user('hi')],
      generationConfig: {
        responseMimeType: 'application/json',
        responseSchema: { type: 'OBJECT', properties: { a: { type: 'STRING' } } },
        responseLogprobs: true,
        logprobs: 3,
        responseModalities: ['TEXT', 'IMAGE'],
        mediaResolution: 'MEDIA_RESOLUTION_LOW',
        speechConfig: { voiceConfig: { prebuiltVoiceConfig: { voiceName: 'Kore' } } },
        enableEnhancedCivicAnswers: true,
        imageConfig: { aspectRatio: '16:9' },
        audioTranscriptionConfig: { languageCodes: ['en'] },
      },
      // Top level, and winning over providerOptions.gemini; the Vertex AI-only fields are not sent.
      safetySettings: [{ category: 'HARM_CATEGORY_HATE_SPEECH', threshold: 'BLOCK_NONE' }],
      cachedContent: 'cachedContents/top',
      labels: { team: 'a' },
      serviceTier: 'flex',
      store: false,
      continuationToken: 'Q29udGludWU=',
    });
  });

  it('rejects misspelt or mistyped providerOptions.gemini with a ConfigurationError', () => {
    const call = (gemini: Record<string, unknown>) => () =>
      convertToGeminiRequest({ contents: [user('hi')], config: { providerOptions: { gemini } } });
    expect(call({ safetySetting: [] })).toThrow(ConfigurationError);
    expect(call({ safetySetting: [] })).toThrow(/providerOptions\.gemini/);
    expect(call({ cachedContent: 42 })).toThrow(/providerOptions\.gemini\.cachedContent/);
    expect(call({ safetySettings: [{ category: 'X' }] })).toThrow(/safetySettings/);
  });

  it.each([
    ['a string', 'Be brief.', [{ text: 'Be brief.' }]],
    ['a Part', { text: 'Be brief.' }, [{ text: 'Be brief.' }]],
    [
      'a list of strings and Parts',
      ['Be brief.', { text: 'Answer in French.' }],
      [{ text: 'Be brief.' }, { text: 'Answer in French.' }],
    ],
    ['a Content', { role: 'user', parts: [{ text: 'Be brief.' }] }, [{ text: 'Be brief.' }]],
  ])('sends a system instruction given as %s as a Content of parts', (_, given, parts) => {
    const request = convertToGeminiRequest({
      contents: [user('hi')],
      config: { systemInstruction: given as never },
    });
    expect(request.systemInstruction).toEqual({ parts });
  });

  it('sends no system instruction for an empty one', () => {
    for (const systemInstruction of [
      '',
      [],
      [''],
      { text: '' },
      { role: 'user' as const, parts: [] },
      { role: 'user' as const, parts: [{ text: '' }] },
    ]) {
      const request = convertToGeminiRequest({
        contents: [user('hi')],
        config: { systemInstruction },
      });
      expect(request).not.toHaveProperty('systemInstruction');
    }
  });

  it('rejects a system instruction that holds something other than text and parts', () => {
    expect(() =>
      convertToGeminiRequest({
        contents: [user('hi')],
        config: { systemInstruction: [42] as never },
      }),
    ).toThrow(ConfigurationError);
  });

  it('passes tools (function declarations in either schema style) and toolConfig through', () => {
    const tools = [
      {
        functionDeclarations: [
          {
            name: 'customDivide',
            description: 'Custom divide function',
            parameters: {
              type: 'OBJECT',
              properties: { numerator: { type: 'NUMBER' }, denominator: { type: 'NUMBER' } },
            },
          },
          {
            name: 'getWeather',
            parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } } },
          },
        ],
      },
    ];
    const toolConfig = {
      functionCallingConfig: { mode: 'ANY' as const, allowedFunctionNames: ['getWeather'] },
    };
    const request = convertToGeminiRequest({
      contents: [user('hi')],
      config: { tools, toolConfig },
    });
    expect(request.tools).toEqual(tools);
    expect(request.toolConfig).toEqual(toolConfig);
  });

  it('sends no tools field for an empty tool list', () => {
    const request = convertToGeminiRequest({ contents: [user('hi')], config: { tools: [] } });
    expect(request).not.toHaveProperty('tools');
  });

  it('preserves every generated Content through JSON (property)', () => {
    const json = fc.dictionary(
      fc.string({ maxLength: 8 }),
      fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null)),
      { maxKeys: 4 },
    );
    const part = fc.oneof(
      fc.record(
        { text: fc.string(), thought: fc.boolean(), thoughtSignature: fc.base64String() },
        { requiredKeys: ['text'] },
      ),
      fc.record(
        {
          functionCall: fc.record(
            { id: fc.string({ minLength: 1 }), name: fc.string({ minLength: 1 }), args: json },
            { requiredKeys: ['name'] },
          ),
          thoughtSignature: fc.base64String(),
        },
        { requiredKeys: ['functionCall'] },
      ),
      fc.record({
        functionResponse: fc.record(
          { id: fc.string({ minLength: 1 }), name: fc.string({ minLength: 1 }), response: json },
          { requiredKeys: ['name', 'response'] },
        ),
      }),
      fc.record({
        inlineData: fc.record({
          mimeType: fc.constantFrom('image/png', 'audio/wav', 'application/pdf'),
          data: fc.base64String(),
        }),
      }),
      fc.record({
        fileData: fc.record(
          { mimeType: fc.constantFrom('video/mp4', 'application/pdf'), fileUri: fc.webUrl() },
          { requiredKeys: ['fileUri'] },
        ),
      }),
    );
    const content = fc.record({
      role: fc.constantFrom('user' as const, 'model' as const),
      parts: fc.array(part, { minLength: 1, maxLength: 4 }),
    });
    fc.assert(
      fc.property(fc.array(content, { minLength: 1, maxLength: 5 }), (contents) => {
        const sent = JSON.parse(JSON.stringify(convertToGeminiRequest({ contents })));
        expect(sent.contents).toEqual(JSON.parse(JSON.stringify(contents)));
      }),
    );
  });
});
