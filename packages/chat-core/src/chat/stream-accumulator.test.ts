import { describe, expect, it } from 'vitest';
import { GenerateContentResponse } from '../types/generate-content-response';
import type { Part } from '../types/part';
import { StreamAccumulator } from './stream-accumulator';

const chunk = (parts: Part[], finishReason?: string) =>
  new GenerateContentResponse({
    candidates: [{ content: { role: 'model', parts }, ...(finishReason ? { finishReason } : {}) }],
  });

function accumulate(...chunks: GenerateContentResponse[]): StreamAccumulator {
  const accumulator = new StreamAccumulator();
  for (const c of chunks) accumulator.add(c);
  return accumulator;
}

describe('StreamAccumulator', () => {
  it('keeps the latest usage reported, even when a later chunk carries none', () => {
    const withUsage = new GenerateContentResponse({
      candidates: [{ finishReason: 'STOP', index: 0 }],
      usageMetadata: { promptTokenCount: 3, totalTokenCount: 5 },
    });
    const result = accumulate(chunk([{ text: 'hi' }]), withUsage, chunk([]));
    expect(result.toResponse().usageMetadata).toEqual({ promptTokenCount: 3, totalTokenCount: 5 });
  });

  it('merges adjacent text, keeps thoughts apart from answers, and keeps other parts whole', () => {
    const result = accumulate(
      chunk([{ text: 'Let me ', thought: true }]),
      chunk([{ text: 'think.', thought: true }]),
      chunk([{ text: 'The answer' }]),
      chunk([{ text: ' is ' }, { functionCall: { name: 'f', args: { x: 1 } } }]),
      chunk([{ text: '42.' }], 'STOP'),
    );
    expect(result.content().parts).toEqual([
      { text: 'Let me think.', thought: true },
      { text: 'The answer is ' },
      { functionCall: { name: 'f', args: { x: 1 } } },
      { text: '42.' },
    ]);
    expect(result.isValid()).toBe(true);
  });

  it('moves a signature arriving on later text onto the merged part, and starts anew after it', () => {
    const result = accumulate(
      chunk([{ text: 'step one ', thought: true }]),
      chunk([{ text: '', thought: true, thoughtSignature: 'sig-1' }]),
      chunk([{ text: 'next', thought: true }], 'STOP'),
    );
    expect(result.content().parts).toEqual([
      { text: 'step one ', thought: true, thoughtSignature: 'sig-1' },
      { text: 'next', thought: true },
    ]);
  });

  it('records candidate 0 only when chunks carry several candidates (candidateCount > 1)', () => {
    const candidates = (...list: Array<[number, string, string?]>) =>
      new GenerateContentResponse({
        candidates: list.map(([index, text, finishReason]) => ({
          index,
          content: { role: 'model', parts: [{ text }] },
          ...(finishReason ? { finishReason } : {}),
        })),
      });
    const result = accumulate(
      candidates([0, 'A1 ']),
      candidates([1, 'B1 ']),
      candidates([1, 'B2', 'STOP'], [0, 'A2', 'STOP']),
    );
    expect(result.content().parts).toEqual([{ text: 'A1 A2' }]);
    expect(result.isValid()).toBe(true);
    expect(result.toResponse().text).toBe('A1 A2');
  });

  it("keeps the stream's warnings (on its first chunk) on the accumulated response", () => {
    const warnings = [{ setting: 'topK', provider: 'openai', message: 'not sent' }];
    const first = new GenerateContentResponse({
      candidates: [{ content: { role: 'model', parts: [{ text: 'a' }] } }],
      warnings,
    });
    expect(accumulate(first, chunk([{ text: 'b' }], 'STOP')).toResponse().warnings).toEqual(
      warnings,
    );
    expect(accumulate(chunk([{ text: 'b' }], 'STOP')).toResponse()).not.toHaveProperty('warnings');
  });

  it('never changes the chunks it was given', () => {
    const first = chunk([{ text: 'a' }]);
    const accumulator = accumulate(first, chunk([{ text: 'b' }], 'STOP'));
    expect(accumulator.content().parts).toEqual([{ text: 'ab' }]);
    expect(first.candidates?.[0]?.content?.parts).toEqual([{ text: 'a' }]);
  });

  it('content() can be read twice and more text after it still merges', () => {
    const accumulator = accumulate(chunk([{ text: 'a' }]), chunk([{ text: 'b' }]));
    expect(accumulator.content().parts).toEqual([{ text: 'ab' }]);
    accumulator.add(chunk([{ text: 'c' }], 'STOP'));
    expect(accumulator.content().parts).toEqual([{ text: 'abc' }]);
  });

  it('keeps long runs of text in order across joins, reads and part changes', () => {
    const pieces = (from: number, to: number) =>
      Array.from({ length: to - from }, (_, i) => `${from + i},`);
    const accumulator = new StreamAccumulator();
    const add = (texts: string[], thought?: boolean) => {
      for (const text of texts) accumulator.add(chunk([thought ? { text, thought } : { text }]));
    };
    add(pieces(0, 150));
    expect(accumulator.content().parts).toEqual([{ text: pieces(0, 150).join('') }]);
    add(pieces(150, 300));
    add(pieces(0, 70), true);
    add(pieces(0, 3));
    expect(accumulator.content().parts).toEqual([
      { text: pieces(0, 300).join('') },
      { text: pieces(0, 70).join(''), thought: true },
      { text: '0,1,2,' },
    ]);
  });

  it('toResponse carries the finish reason, message, usage and ids of the stream', () => {
    const accumulator = accumulate(
      chunk([{ text: 'hi' }]),
      new GenerateContentResponse({
        candidates: [{ finishReason: 'MAX_TOKENS', finishMessage: 'cut' }],
        usageMetadata: { totalTokenCount: 9 },
        responseId: 'r-1',
        modelVersion: 'v',
      }),
    );
    const response = accumulator.toResponse();
    expect(response.candidates).toEqual([
      {
        content: { role: 'model', parts: [{ text: 'hi' }] },
        index: 0,
        finishReason: 'MAX_TOKENS',
        finishMessage: 'cut',
      },
    ]);
    expect(response).toMatchObject({
      usageMetadata: { totalTokenCount: 9 },
      responseId: 'r-1',
      modelVersion: 'v',
    });
  });
  it('moves citations arriving on later text onto the merged part, and starts anew after them', () => {
    const citation = { uri: 'https://example.com/paris', title: 'Paris', citedText: 'capital' };
    const result = accumulate(
      chunk([{ text: 'Paris is ' }]),
      chunk([{ text: 'the capital.' }]),
      chunk([{ text: '', citations: [citation] }]),
      chunk([{ text: ' More.' }], 'STOP'),
    );
    expect(result.content().parts).toEqual([
      { text: 'Paris is the capital.', citations: [citation] },
      { text: ' More.' },
    ]);
  });

  it('keeps code execution parts whole and the latest grounding metadata on the reply', () => {
    const grounding = { webSearchQueries: ['capital of france'], groundingChunks: [] };
    const result = accumulate(
      chunk([{ executableCode: { code: 'print(1)', language: 'PYTHON' } }]),
      chunk([{ codeExecutionResult: { outcome: 'OUTCOME_OK', output: '1' } }]),
      new GenerateContentResponse({
        candidates: [
          {
            content: { role: 'model', parts: [{ text: 'One.' }] },
            finishReason: 'STOP',
            groundingMetadata: grounding,
            citationMetadata: { citations: [{ uri: 'https://example.com' }] },
          },
        ],
      }),
    );
    expect(result.isValid()).toBe(true);
    const candidate = result.toResponse().candidates?.[0];
    expect(candidate?.content?.parts).toEqual([
      { executableCode: { code: 'print(1)', language: 'PYTHON' } },
      { codeExecutionResult: { outcome: 'OUTCOME_OK', output: '1' } },
      { text: 'One.' },
    ]);
    expect(candidate?.groundingMetadata).toEqual(grounding);
    expect(candidate?.citationMetadata).toEqual({ citations: [{ uri: 'https://example.com' }] });
  });
});
