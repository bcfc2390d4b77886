import { GenerateContentResponse, InvalidResponseError } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { readFixtureJson } from './__fixtures__/fixtures';
import { convertFromGeminiResponse } from './convert-from-gemini-response';
import { readGeminiResponse } from './gemini-api';

function convert(value: unknown): GenerateContentResponse {
  return convertFromGeminiResponse(readGeminiResponse(value));
}

describe('convertFromGeminiResponse', () => {
  it('turns a text reply into a GenerateContentResponse with everything Gemini sent', () => {
    const response = convert(readFixtureJson('gemini-text.json'));
    expect(response).toBeInstanceOf(GenerateContentResponse);
    expect(response.text).toBe("Tides come from the Moon's gravity pulling on the oceans.");
    expect(response.finishReason).toBe('STOP');
    expect(response.candidates?.[0]).toEqual({
      content: {
        role: 'model',
        parts: [{ text: "Tides come from the Moon's gravity pulling on the oceans." }],
      },
      finishReason: 'STOP',
      index: 0,
      // Fields Colloquy does not model still reach the caller.
      avgLogprobs: -0.21,
    });
    expect(response.usageMetadata).toEqual({
      promptTokenCount: 9,
      candidatesTokenCount: 13,
      totalTokenCount: 22,
      promptTokensDetails: [{ modality: 'TEXT', tokenCount: 9 }],
    });
    expect(response.modelVersion).toBe('gemini-2.5-flash');
    expect(response.responseId).toBe('resp-text-1');
  });

  it('keeps function-call ids, thought parts and thought signatures', () => {
    const response = convert(readFixtureJson('gemini-function-call.json'));
    expect(response.candidates?.[0]?.content?.parts).toEqual([
      { text: 'Checking the forecast.', thought: true },
      {
        functionCall: { id: 'fc-7f3a', name: 'getWeather', args: { city: 'Lyon' } },
        thoughtSignature: 'c2lnbmF0dXJlLW9uZQ==',
      },
    ]);
    expect(response.functionCalls).toEqual([
      { id: 'fc-7f3a', name: 'getWeather', args: { city: 'Lyon' } },
    ]);
    // The thought is not part of the answer text.
    expect(response.text).toBeUndefined();
    expect(response.usageMetadata?.thoughtsTokenCount).toBe(30);
  });

  it('keeps a function call without an id as it came: nothing is invented', () => {
    const response = convert({
      candidates: [
        {
          content: {
            role: 'model',
            parts: [{ functionCall: { name: 'customDivide', args: { numerator: 100 } } }],
          },
          finishReason: 'STOP',
        },
      ],
    });
    expect(response.functionCalls).toEqual([{ name: 'customDivide', args: { numerator: 100 } }]);
  });

  it('gives a blocked prompt no candidates and its block reason', () => {
    const response = convert(readFixtureJson('gemini-blocked.json'));
    expect(response.candidates).toBeUndefined();
    expect(response.promptFeedback?.blockReason).toBe('SAFETY');
    expect(response.promptFeedback?.safetyRatings?.[0]?.blocked).toBe(true);
    expect(response.text).toBeUndefined();
  });

  it('gives an empty reply a candidate without content, keeping its finish reason', () => {
    const response = convert(readFixtureJson('gemini-empty.json'));
    expect(response.candidates).toEqual([{ finishReason: 'MAX_TOKENS', index: 0 }]);
    expect(response.text).toBeUndefined();
  });

  it('drops a content whose parts list is empty rather than passing an invalid turn', () => {
    const response = convert({
      candidates: [{ content: { role: 'model', parts: [] }, finishReason: 'SAFETY' }],
    });
    expect(response.candidates).toEqual([{ finishReason: 'SAFETY' }]);
    expect(convert({ candidates: [] }).candidates).toBeUndefined();
  });

  it('keeps an empty text part: it is a valid (empty) answer', () => {
    const response = convert({
      candidates: [{ content: { role: 'model', parts: [{ text: '' }] }, finishReason: 'STOP' }],
    });
    expect(response.candidates?.[0]?.content).toEqual({ role: 'model', parts: [{ text: '' }] });
    expect(response.text).toBe('');
  });

  it('passes finishMessage, safety ratings and several candidates through', () => {
    const response = convert({
      candidates: [
        {
          content: { parts: [{ text: 'a' }] },
          finishReason: 'STOP',
          index: 0,
          safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' }],
        },
        {
          finishReason: 'MALFORMED_FUNCTION_CALL',
          finishMessage: 'Malformed function call: print(',
          index: 1,
        },
      ],
    });
    expect(response.candidates).toEqual([
      {
        content: { role: 'model', parts: [{ text: 'a' }] },
        finishReason: 'STOP',
        index: 0,
        safetyRatings: [{ category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' }],
      },
      {
        finishReason: 'MALFORMED_FUNCTION_CALL',
        finishMessage: 'Malformed function call: print(',
        index: 1,
      },
    ]);
  });

  it('rejects a body whose shape it cannot read, naming where', () => {
    expect(() => convert({ candidates: { text: 'no' } })).toThrow(InvalidResponseError);
    expect(() => convert({ candidates: [{ content: { parts: ['text'] } }] })).toThrow(
      /candidates\.0\.content\.parts\.0/,
    );
    expect(() => convert('<html>')).toThrow(InvalidResponseError);
  });
});
