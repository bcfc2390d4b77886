import { GenerateContentResponse, isValidResponse } from '@colloquy/chat-core';
import { validateResponse } from '@colloquy/provider-kit';
import { describe, expect, it } from 'vitest';
import { readJsonFixture } from './__fixtures__/fixtures';
import { anthropicMessageSchema } from './anthropic-api';
import { convertFromAnthropicResponse } from './convert-from-anthropic-response';

function convertFixture(name: string): GenerateContentResponse {
  const message = validateResponse(anthropicMessageSchema, readJsonFixture(name), 'anthropic');
  return convertFromAnthropicResponse(message);
}

describe('convertFromAnthropicResponse', () => {
  it('converts a text reply with its id, model, finish reason and usage', () => {
    const response = convertFixture('anthropic-text.json');
    expect(response).toBeInstanceOf(GenerateContentResponse);
    expect(response).toEqual(
      new GenerateContentResponse({
        candidates: [
          {
            content: { role: 'model', parts: [{ text: 'Hi! My name is Claude.' }] },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: { promptTokenCount: 2095, candidatesTokenCount: 503, totalTokenCount: 2598 },
        modelVersion: 'claude-sonnet-4-5-20250929',
        responseId: 'msg_013Zva2CMHLNnXjNJJKqJ2EF',
      }),
    );
    expect(response.text).toBe('Hi! My name is Claude.');
    expect(isValidResponse(response)).toBe(true);
  });

  it('converts tool_use blocks to function calls with their ids', () => {
    const response = convertFixture('anthropic-tool-use.json');
    expect(response.candidates?.[0]?.content?.parts).toEqual([
      { text: "I'll check the current weather in San Francisco for you." },
      {
        functionCall: {
          id: 'toolu_01A09q90qw90lq917835lq9',
          name: 'get_weather',
          args: { location: 'San Francisco, CA', unit: 'celsius' },
        },
      },
    ]);
    expect(response.finishReason).toBe('STOP');
    expect(response.functionCalls?.map((call) => call.name)).toEqual(['get_weather']);
  });

  it('converts thinking to signed thought parts and redacted thinking to marked ones', () => {
    const response = convertFixture('anthropic-thinking.json');
    expect(response.candidates?.[0]?.content?.parts).toEqual([
      {
        text: 'Let me analyze this step by step...',
        thought: true,
        thoughtSignature:
          'anthropic:WaUjzkypQ2mUEVM36O2TxuC06KN8xyfbJwyem2dw3URve/op91XWHOEBLLqIOMfFG/UvLEczmEsUjavL',
      },
      {
        text: '',
        thought: true,
        thoughtSignature:
          'redacted_thinking:EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB9URj2pLmN3kF8/dW5hR7xJ0aP1oLs9yTcMnKVf2wRpEGjH9XZaBt4UvDcPrQ',
      },
      { text: 'Based on my analysis...' },
    ]);
    // Thoughts are not part of the answer text.
    expect(response.text).toBe('Based on my analysis...');
    expect(response.usageMetadata).toEqual({
      promptTokenCount: 1260,
      candidatesTokenCount: 320,
      cacheWriteTokenCount: 10,
      totalTokenCount: 1580,
      cachedContentTokenCount: 1200,
    });
  });

  it('turns a refusal into an invalid response with finish reason SAFETY', () => {
    const response = convertFixture('anthropic-refusal.json');
    expect(response.candidates?.[0]).toEqual({
      content: { role: 'model', parts: [] },
      finishReason: 'SAFETY',
      index: 0,
    });
    expect(isValidResponse(response)).toBe(false);
  });

  it('turns an empty reply into an invalid response', () => {
    const response = convertFixture('anthropic-empty.json');
    expect(response.candidates?.[0]?.content).toEqual({ role: 'model', parts: [] });
    expect(response.text).toBeUndefined();
    expect(isValidResponse(response)).toBe(false);
  });

  it('keeps out empty text and unknown block kinds; keeps server-tool blocks and citations', () => {
    const searchUse = {
      type: 'server_tool_use',
      id: 'srvtoolu_1',
      name: 'web_search',
      input: { query: 'capital of France' },
    };
    const searchResult = {
      type: 'web_search_tool_result',
      tool_use_id: 'srvtoolu_1',
      content: [
        {
          type: 'web_search_result',
          url: 'https://en.wikipedia.org/wiki/Paris',
          title: 'Paris',
          encrypted_content: 'EqgfCioI',
          page_age: null,
        },
      ],
    };
    const citation = {
      type: 'web_search_result_location',
      url: 'https://en.wikipedia.org/wiki/Paris',
      title: 'Paris',
      encrypted_index: 'Eo8BCioI',
      cited_text: 'Paris is the capital and largest city of France.',
    };
    const response = convertFromAnthropicResponse({
      content: [
        { type: 'text', text: '' },
        searchUse,
        searchResult,
        { type: 'future_block', anything: true },
        { type: 'text', text: 'Paris is the capital.', citations: [citation] },
      ],
      stop_reason: 'end_turn',
    });
    expect(response.candidates?.[0]?.content?.parts).toEqual([
      { providerBlock: { provider: 'anthropic', data: searchUse } },
      { providerBlock: { provider: 'anthropic', data: searchResult } },
      {
        text: 'Paris is the capital.',
        citations: [
          {
            uri: 'https://en.wikipedia.org/wiki/Paris',
            title: 'Paris',
            citedText: 'Paris is the capital and largest city of France.',
            providerCitation: { provider: 'anthropic', data: citation },
          },
        ],
      },
    ]);
    expect(response.text).toBe('Paris is the capital.');
  });

  it('gives a tool call whose input is not an object empty args', () => {
    const response = convertFromAnthropicResponse({
      content: [{ type: 'tool_use', id: 't', name: 'f', input: null }],
      stop_reason: 'tool_use',
    });
    expect(response.functionCalls).toEqual([{ id: 't', name: 'f', args: {} }]);
  });

  it('maps max_tokens to MAX_TOKENS and keeps the partial reply', () => {
    const response = convertFromAnthropicResponse({
      content: [{ type: 'text', text: 'Once upon' }],
      stop_reason: 'max_tokens',
    });
    expect(response.finishReason).toBe('MAX_TOKENS');
    expect(response.text).toBe('Once upon');
    expect(isValidResponse(response)).toBe(true);
  });
});
