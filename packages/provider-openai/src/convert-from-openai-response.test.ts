import { GenerateContentResponse } from '@colloquy/chat-core';
import { validateResponse } from '@colloquy/provider-kit';
import { describe, expect, it } from 'vitest';
import { jsonFixture } from './__fixtures__/fixtures';
import { convertFromOpenAIResponse } from './convert-from-openai-response';
import { openAIChatCompletionSchema } from './openai-api';

function convertFixture(name: string): GenerateContentResponse {
  return convertFromOpenAIResponse(
    validateResponse(openAIChatCompletionSchema, jsonFixture(name), 'openai'),
  );
}

function convert(value: unknown): GenerateContentResponse {
  return convertFromOpenAIResponse(validateResponse(openAIChatCompletionSchema, value, 'openai'));
}

describe('convertFromOpenAIResponse', () => {
  it('maps a text reply with usage, id, model and time', () => {
    const response = convertFixture('openai-text');
    expect(response).toBeInstanceOf(GenerateContentResponse);
    expect(response).toEqual(
      new GenerateContentResponse({
        candidates: [
          {
            content: {
              role: 'model',
              parts: [{ text: '\n\nHello there, how may I assist you today?' }],
            },
            finishReason: 'STOP',
            index: 0,
          },
        ],
        usageMetadata: {
          promptTokenCount: 9,
          candidatesTokenCount: 12,
          totalTokenCount: 21,
          thoughtsTokenCount: 0,
          cachedContentTokenCount: 0,
        },
        responseId: 'chatcmpl-123',
        modelVersion: 'gpt-4o-mini',
        createTime: '2023-03-01T06:31:28.000Z',
      }),
    );
    expect(response.text).toBe('\n\nHello there, how may I assist you today?');
  });

  it('keeps url_citation annotations as the citations of the answer', () => {
    const response = convert({
      choices: [
        {
          index: 0,
          finish_reason: 'stop',
          message: {
            role: 'assistant',
            content: 'Paris is the capital of France.',
            annotations: [
              {
                type: 'url_citation',
                url_citation: {
                  url: 'https://en.wikipedia.org/wiki/Paris',
                  title: 'Paris - Wikipedia',
                  start_index: 0,
                  end_index: 31,
                },
              },
              { type: 'file_citation', file_citation: { file_id: 'f' } },
            ],
          },
        },
      ],
    });
    expect(response.candidates?.[0]?.content?.parts).toEqual([
      {
        text: 'Paris is the capital of France.',
        citations: [
          {
            uri: 'https://en.wikipedia.org/wiki/Paris',
            title: 'Paris - Wikipedia',
            startIndex: 0,
            endIndex: 31,
          },
        ],
      },
    ]);
  });

  it('maps tool calls to function calls with ids and parsed arguments', () => {
    const response = convertFixture('openai-tool-calls');
    expect(response.candidates?.[0]).toEqual({
      content: {
        role: 'model',
        parts: [
          {
            functionCall: {
              id: 'call_abc123',
              name: 'get_current_weather',
              args: { location: 'Boston, MA' },
            },
          },
        ],
      },
      finishReason: 'STOP',
      index: 0,
    });
    expect(response.functionCalls).toEqual([
      { id: 'call_abc123', name: 'get_current_weather', args: { location: 'Boston, MA' } },
    ]);
    expect(response.usageMetadata).toMatchObject({ promptTokenCount: 82, totalTokenCount: 99 });
  });

  it('turns a refusal into SAFETY with the refusal text and no content', () => {
    const candidate = convertFixture('openai-refusal').candidates?.[0];
    expect(candidate).toEqual({
      finishReason: 'SAFETY',
      finishMessage: "I'm sorry, I cannot assist with that request.",
      index: 0,
    });
  });

  it('turns reasoning_content (and reasoning) into thought parts before the answer', () => {
    const response = convertFixture('openai-reasoning');
    expect(response.candidates?.[0]?.content?.parts).toEqual([
      { text: 'Compare the tenths: 1 is less than 8, so 9.11 < 9.8.', thought: true },
      { text: '9.11 is smaller than 9.8.' },
    ]);
    expect(response.text).toBe('9.11 is smaller than 9.8.');
    expect(response.usageMetadata?.thoughtsTokenCount).toBe(80);
    const ollama = convert({
      choices: [{ message: { content: 'Yes.', reasoning: 'Think.' }, finish_reason: 'stop' }],
    });
    expect(ollama.candidates?.[0]?.content?.parts).toEqual([
      { text: 'Think.', thought: true },
      { text: 'Yes.' },
    ]);
  });

  it('reports malformed tool-call arguments as MALFORMED_FUNCTION_CALL without content', () => {
    expect(convertFixture('openai-malformed-arguments').candidates?.[0]).toEqual({
      finishReason: 'MALFORMED_FUNCTION_CALL',
      finishMessage: '{"location": "Boston',
      index: 0,
    });
    const notObject = convert({
      choices: [
        {
          message: { tool_calls: [{ id: 'c', function: { name: 'f', arguments: '[1,2]' } }] },
          finish_reason: 'tool_calls',
        },
      ],
    });
    expect(notObject.candidates?.[0]?.finishReason).toBe('MALFORMED_FUNCTION_CALL');
    expect(notObject.candidates?.[0]?.content).toBeUndefined();
  });

  it('accepts arguments sent as an object or as an empty string, and calls without ids', () => {
    const response = convert({
      choices: [
        {
          message: {
            tool_calls: [
              { function: { name: 'a', arguments: { x: 1 } } },
              { id: 'c2', function: { name: 'b', arguments: '' } },
            ],
          },
          finish_reason: 'tool_calls',
        },
      ],
    });
    expect(response.functionCalls).toEqual([
      { name: 'a', args: { x: 1 } },
      { id: 'c2', name: 'b', args: {} },
    ]);
  });

  it('gives a candidate without content for an empty reply', () => {
    const response = convertFixture('openai-empty');
    expect(response.candidates).toEqual([{ finishReason: 'STOP', index: 0 }]);
    expect(response.text).toBeUndefined();
  });

  it('gives no candidates when there are no choices', () => {
    const response = convert({ id: 'x', choices: [], usage: { prompt_tokens: 3 } });
    expect(response.candidates).toBeUndefined();
    expect(response.usageMetadata).toEqual({ promptTokenCount: 3 });
  });

  it('tolerates a compatible server that sends no usage', () => {
    const response = convertFixture('openai-ollama');
    expect(response.usageMetadata).toBeUndefined();
    expect(response.modelVersion).toBe('llama3.2');
    expect(response.text).toBe('The sky is blue because of Rayleigh scattering.');
  });

  it.each([
    ['length', 'MAX_TOKENS'],
    ['content_filter', 'SAFETY'],
    ['something_new', 'OTHER'],
  ])('maps finish_reason %s to %s', (reason, expected) => {
    const response = convert({
      choices: [{ message: { content: 'x' }, finish_reason: reason }],
    });
    expect(response.finishReason).toBe(expected);
  });

  it('reads choice 0 when several are returned', () => {
    const response = convert({
      choices: [
        { index: 1, message: { content: 'second' }, finish_reason: 'stop' },
        { index: 0, message: { content: 'first' }, finish_reason: 'stop' },
      ],
    });
    expect(response.text).toBe('first');
  });
});
