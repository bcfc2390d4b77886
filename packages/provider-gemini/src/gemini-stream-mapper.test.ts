import {
  type GenerateContentResponse,
  InvalidResponseError,
  ServerError,
  StreamInterruptedError,
} from '@colloquy/chat-core';
import type { SseEvent } from '@colloquy/provider-kit';
import { describe, expect, it } from 'vitest';
import { readFixtureEvents } from './__fixtures__/fixtures';
import { GeminiStreamMapper, mapGeminiEventStream } from './gemini-stream-mapper';

function mapAll(events: readonly string[], mapper = new GeminiStreamMapper()) {
  const chunks: GenerateContentResponse[] = [];
  for (const data of events) chunks.push(...mapper.push({ data }));
  mapper.finish();
  return chunks;
}

describe('GeminiStreamMapper', () => {
  it('gives one chunk per event, each a complete response with the new parts', () => {
    const chunks = mapAll(readFixtureEvents('gemini-text.chunks.txt'));
    expect(chunks.map((chunk) => chunk.text)).toEqual([
      'Tides',
      " come from the Moon's",
      ' gravity pulling on the oceans.',
      '',
    ]);
    expect(chunks.map((chunk) => chunk.finishReason)).toEqual([
      undefined,
      undefined,
      undefined,
      'STOP',
    ]);
    expect(chunks.at(-1)?.usageMetadata).toEqual({
      promptTokenCount: 9,
      candidatesTokenCount: 13,
      totalTokenCount: 22,
    });
    expect(chunks.every((chunk) => chunk.responseId === 'resp-stream-1')).toBe(true);
  });

  it("passes Gemini's final empty-text part through as a valid part", () => {
    const last = mapAll(readFixtureEvents('gemini-text.chunks.txt')).at(-1);
    expect(last?.candidates?.[0]?.content).toEqual({ role: 'model', parts: [{ text: '' }] });
  });

  it('keeps thoughts and thought signatures, and ends with a content-less finish chunk', () => {
    const chunks = mapAll(readFixtureEvents('gemini-thinking.chunks.txt'));
    expect(chunks[0]?.candidates?.[0]?.content?.parts).toEqual([
      { text: '**Weighing the units**\n\nThe user wants kilometres.', thought: true },
    ]);
    expect(chunks[1]?.candidates?.[0]?.content?.parts).toEqual([
      { text: 'A marathon is 42.195 km.', thoughtSignature: 'dGhvdWdodC1zaWctMQ==' },
    ]);
    // `content: {role:'model'}` without parts must not become an empty (invalid) content.
    expect(chunks[2]?.candidates).toEqual([{ finishReason: 'STOP', index: 0 }]);
    expect(chunks[2]?.usageMetadata?.thoughtsTokenCount).toBe(40);
  });

  it('turns an end event with an empty parts list into a content-less finish chunk', () => {
    const chunks = mapAll(readFixtureEvents('gemini-usage-only-end.chunks.txt'));
    expect(chunks).toHaveLength(2);
    expect(chunks[1]?.candidates).toEqual([{ finishReason: 'STOP', index: 0 }]);
    expect(chunks[1]?.usageMetadata?.totalTokenCount).toBe(10);
  });

  it('keeps function-call ids and signatures on streamed calls', () => {
    const [chunk] = mapAll(readFixtureEvents('gemini-function-call.chunks.txt'));
    expect(chunk?.functionCalls).toEqual([
      { id: 'fc-01', name: 'getWeather', args: { city: 'Lyon' } },
      { id: 'fc-02', name: 'getWeather', args: { city: 'Nice' } },
    ]);
    expect(chunk?.candidates?.[0]?.content?.parts[0]?.thoughtSignature).toBe('Y2FsbC1zaWc=');
  });

  it('ends a blocked prompt properly: one chunk, no candidates, the block reason', () => {
    const chunks = mapAll(readFixtureEvents('gemini-blocked.chunks.txt'));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.candidates).toBeUndefined();
    expect(chunks[0]?.promptFeedback?.blockReason).toBe('PROHIBITED_CONTENT');
  });

  it('throws StreamInterruptedError at finish when no finishReason arrived', () => {
    const mapper = new GeminiStreamMapper();
    const chunks = readFixtureEvents('gemini-interrupted.chunks.txt').flatMap((data) =>
      mapper.push({ data }),
    );
    expect(chunks.map((chunk) => chunk.text).join('')).toBe('Once upon a time');
    let caught: unknown;
    try {
      mapper.finish();
    } catch (error) {
      caught = error;
    }
    expect(StreamInterruptedError.isInstance(caught)).toBe(true);
    expect((caught as StreamInterruptedError).chunksReceived).toBe(2);
    expect((caught as StreamInterruptedError).provider).toBe('gemini');
  });

  it('throws StreamInterruptedError for a stream that sent nothing', () => {
    expect(() => new GeminiStreamMapper().finish()).toThrow(StreamInterruptedError);
  });

  it('waits for every streamed candidate to finish', () => {
    const mapper = new GeminiStreamMapper();
    mapper.push({
      data: JSON.stringify({
        candidates: [
          { content: { parts: [{ text: 'a' }] }, index: 0 },
          { content: { parts: [{ text: 'b' }] }, index: 1 },
        ],
      }),
    });
    mapper.push({ data: JSON.stringify({ candidates: [{ finishReason: 'STOP', index: 0 }] }) });
    expect(() => mapper.finish()).toThrow(StreamInterruptedError);
    mapper.push({ data: JSON.stringify({ candidates: [{ finishReason: 'STOP', index: 1 }] }) });
    expect(() => mapper.finish()).not.toThrow();
  });

  it('turns an in-stream error event into the matching typed error', () => {
    const [first, errorEvent] = readFixtureEvents('gemini-error.chunks.txt');
    const mapper = new GeminiStreamMapper();
    expect(mapper.push({ data: first ?? '' })[0]?.text).toBe('Let me');
    let caught: unknown;
    try {
      mapper.push({ data: errorEvent ?? '' });
    } catch (error) {
      caught = error;
    }
    expect(ServerError.isInstance(caught)).toBe(true);
    expect(caught).toMatchObject({
      status: 503,
      provider: 'gemini',
      providerMessage: 'The model is overloaded. Please try again later.',
      providerCode: 'UNAVAILABLE',
    });
  });

  it('takes the status from the error status name when the code is missing', () => {
    const mapper = new GeminiStreamMapper();
    expect(() =>
      mapper.push({
        data: JSON.stringify({
          error: { message: 'Quota exceeded', status: 'RESOURCE_EXHAUSTED' },
        }),
      }),
    ).toThrow(expect.objectContaining({ status: 429, name: 'RateLimitError' }));
  });

  it('scrubs the API key from an error message that echoes it', () => {
    const secret = 'AIzaSyExampleExampleExampleExample123';
    const mapper = new GeminiStreamMapper({ secrets: [secret] });
    let caught: unknown;
    try {
      mapper.push({
        data: JSON.stringify({
          error: { code: 400, message: `API key not valid: ${secret}`, status: 'INVALID_ARGUMENT' },
        }),
      });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(Error);
    expect(JSON.stringify(caught)).not.toContain(secret);
    expect((caught as Error).message).not.toContain(secret);
  });

  it('rejects an event that is not JSON, or not a response', () => {
    const mapper = new GeminiStreamMapper();
    expect(() => mapper.push({ data: '{"candidates": [' })).toThrow(InvalidResponseError);
    expect(() => mapper.push({ data: '{"candidates": 3}' })).toThrow(/candidates/);
  });

  it('emits nothing for an event that carries nothing', () => {
    const mapper = new GeminiStreamMapper();
    expect(mapper.push({ data: '{"modelVersion":"gemini-2.5-flash"}' })).toEqual([]);
    expect(mapper.chunksReceived).toBe(0);
  });
});

/** An event source that records whether it was closed, like the kit's SseStream. */
function eventSource(lines: readonly string[]) {
  const state = { closed: false, read: 0 };
  const iterable: AsyncIterable<SseEvent> = {
    [Symbol.asyncIterator]() {
      return {
        next: async () =>
          state.read < lines.length && !state.closed
            ? { done: false, value: { data: lines[state.read++] as string } }
            : { done: true, value: undefined },
        return: async () => {
          state.closed = true;
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { iterable, state };
}

async function collect(stream: AsyncIterable<GenerateContentResponse>) {
  const chunks: GenerateContentResponse[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe('mapGeminiEventStream', () => {
  it('yields the chunks of a complete stream and ends', async () => {
    const { iterable } = eventSource([
      '{"modelVersion":"gemini-2.5-flash"}',
      ...readFixtureEvents('gemini-text.chunks.txt'),
    ]);
    const chunks = await collect(mapGeminiEventStream(iterable));
    expect(chunks.map((chunk) => chunk.text).join('')).toBe(
      "Tides come from the Moon's gravity pulling on the oceans.",
    );
    expect(chunks).toHaveLength(4);
  });

  it('rejects with StreamInterruptedError after the chunks of a cut stream', async () => {
    const { iterable } = eventSource(readFixtureEvents('gemini-interrupted.chunks.txt'));
    const seen: string[] = [];
    const consume = async () => {
      for await (const chunk of mapGeminiEventStream(iterable)) seen.push(chunk.text ?? '');
    };
    await expect(consume()).rejects.toThrow(StreamInterruptedError);
    expect(seen).toEqual(['Once upon', ' a time']);
  });

  it('closes the event stream when an error event arrives', async () => {
    const { iterable, state } = eventSource([
      ...readFixtureEvents('gemini-error.chunks.txt'),
      ...readFixtureEvents('gemini-text.chunks.txt'),
    ]);
    await expect(collect(mapGeminiEventStream(iterable))).rejects.toThrow(ServerError);
    expect(state.closed).toBe(true);
    expect(state.read).toBe(2);
  });

  it('closes the event stream when the consumer stops early', async () => {
    const { iterable, state } = eventSource(readFixtureEvents('gemini-text.chunks.txt'));
    for await (const chunk of mapGeminiEventStream(iterable)) {
      expect(chunk.text).toBe('Tides');
      break;
    }
    expect(state.closed).toBe(true);
  });
});
