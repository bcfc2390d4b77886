import {
  ApiError,
  type GenerateContentResponse,
  InvalidResponseError,
  RateLimitError,
  ServerError,
  StreamInterruptedError,
} from '@colloquy/chat-core';
import type { SseEvent } from '@colloquy/provider-kit';
import { describe, expect, it } from 'vitest';
import { sseEvents } from './__fixtures__/fixtures';
import { OpenAIStreamMapper } from './openai-stream-mapper';

/** Feeds events like the provider does: stop at [DONE], then finish(). */
function run(events: SseEvent[], mapper = new OpenAIStreamMapper()): GenerateContentResponse[] {
  const out: GenerateContentResponse[] = [];
  for (const event of events) {
    out.push(...mapper.push(event));
    if (mapper.isDone) break;
  }
  out.push(...mapper.finish());
  return out;
}

function data(value: unknown): SseEvent {
  return { data: JSON.stringify(value) };
}

function chunk(delta: Record<string, unknown>, finish_reason: string | null = null): SseEvent {
  return data({ id: 'c', model: 'm', choices: [{ index: 0, delta, finish_reason }] });
}

describe('OpenAIStreamMapper', () => {
  it('emits text deltas at once, then one content-less chunk with finish reason and usage', () => {
    const chunks = run(sseEvents('openai-text'));
    expect(chunks.map((c) => c.text)).toEqual([
      'Hello',
      '!',
      ' How can I assist you today?',
      undefined,
    ]);
    for (const c of chunks) {
      expect(c.responseId).toBe('chatcmpl-123');
      expect(c.modelVersion).toBe('gpt-4o-mini');
    }
    const last = chunks.at(-1);
    expect(last?.candidates).toEqual([{ finishReason: 'STOP', index: 0 }]);
    expect(last?.candidates?.[0]).not.toHaveProperty('content');
    expect(last?.usageMetadata).toEqual({
      promptTokenCount: 9,
      candidatesTokenCount: 9,
      totalTokenCount: 18,
      thoughtsTokenCount: 0,
      cachedContentTokenCount: 0,
    });
    // No chunk carries an empty parts list, which would make the turn look invalid.
    for (const c of chunks) {
      const content = c.candidates?.[0]?.content;
      if (content) expect(content.parts.length).toBeGreaterThan(0);
    }
  });

  it('emits annotations on a late delta as citations on an empty text part', () => {
    const annotations = [
      {
        type: 'url_citation',
        url_citation: {
          url: 'https://example.com',
          title: 'Example',
          start_index: 0,
          end_index: 5,
        },
      },
    ];
    const chunks = run([
      chunk({ role: 'assistant', content: 'Paris' }),
      chunk({ annotations }),
      chunk({}, 'stop'),
      { data: '[DONE]' },
    ]);
    expect(chunks.map((c) => c.candidates?.[0]?.content?.parts)).toEqual([
      [{ text: 'Paris' }],
      [
        {
          text: '',
          citations: [{ uri: 'https://example.com', title: 'Example', startIndex: 0, endIndex: 5 }],
        },
      ],
      undefined,
    ]);
  });

  it('joins tool-call fragments of two parallel calls into whole function calls', () => {
    const chunks = run(sseEvents('openai-tool-calls'));
    expect(chunks).toHaveLength(2);
    expect(chunks[0]?.functionCalls).toEqual([
      {
        id: 'call_DdmO9pD3xa9XTPNJ32zg2hcA',
        name: 'get_weather',
        args: { location: 'Paris, France' },
      },
      { id: 'call_ABC123xyzBogota', name: 'get_weather', args: { location: 'Bogotá, Colombia' } },
    ]);
    expect(chunks[1]?.candidates).toEqual([{ finishReason: 'STOP', index: 0 }]);
    expect(chunks[1]?.usageMetadata).toEqual({
      promptTokenCount: 70,
      candidatesTokenCount: 48,
      totalTokenCount: 118,
    });
  });

  it('joins fragments of calls that interleave by index, in index order', () => {
    const chunks = run([
      chunk({ tool_calls: [{ index: 1, id: 'b', function: { name: 'g', arguments: '{"y"' } }] }),
      chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{"x":' } }] }),
      chunk({ tool_calls: [{ index: 1, function: { arguments: ':2}' } }] }),
      chunk({ tool_calls: [{ index: 0, function: { arguments: '1}' } }] }),
      chunk({}, 'tool_calls'),
      { data: '[DONE]' },
    ]);
    expect(chunks[0]?.functionCalls).toEqual([
      { id: 'a', name: 'f', args: { x: 1 } },
      { id: 'b', name: 'g', args: { y: 2 } },
    ]);
  });

  it('emits pending tool calls at [DONE] when no finish reason came, finishing with STOP', () => {
    const chunks = run([
      chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{}' } }] }),
      { data: '[DONE]' },
    ]);
    expect(chunks).toHaveLength(2);
    expect(chunks[0]?.functionCalls).toEqual([{ id: 'a', name: 'f', args: {} }]);
    expect(chunks[1]?.candidates).toEqual([{ finishReason: 'STOP', index: 0 }]);
  });

  it('reads tool calls without an index (some compatible servers)', () => {
    const chunks = run([
      chunk({ tool_calls: [{ id: 'a', function: { name: 'f', arguments: '{"q":' } }] }),
      chunk({ tool_calls: [{ function: { arguments: '"x"}' } }] }),
      chunk({ tool_calls: [{ id: 'b', function: { name: 'g', arguments: '{}' } }] }),
      chunk({}, 'tool_calls'),
    ]);
    expect(chunks[0]?.functionCalls).toEqual([
      { id: 'a', name: 'f', args: { q: 'x' } },
      { id: 'b', name: 'g', args: {} },
    ]);
  });

  it('ends a turn with malformed arguments as MALFORMED_FUNCTION_CALL, without the calls', () => {
    const chunks = run([
      chunk({ tool_calls: [{ index: 0, id: 'a', function: { name: 'f', arguments: '{"x": 1' } }] }),
      chunk({}, 'tool_calls'),
      { data: '[DONE]' },
    ]);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.candidates).toEqual([
      { finishReason: 'MALFORMED_FUNCTION_CALL', finishMessage: '{"x": 1', index: 0 },
    ]);
  });

  it('collects a refusal into SAFETY with the text, and no content chunks', () => {
    const chunks = run(sseEvents('openai-refusal'));
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.candidates).toEqual([
      {
        finishReason: 'SAFETY',
        finishMessage: "I'm sorry, I cannot assist with that request.",
        index: 0,
      },
    ]);
    expect(chunks[0]?.usageMetadata).toMatchObject({ totalTokenCount: 92 });
  });

  it('turns reasoning deltas into thought parts and keeps usage sent with the finish', () => {
    const chunks = run(sseEvents('openai-reasoning'));
    expect(chunks.map((c) => c.candidates?.[0]?.content?.parts)).toEqual([
      [{ text: 'Compare the tenths.', thought: true }],
      [{ text: '9.11 is smaller.' }],
      undefined,
    ]);
    expect(chunks[2]?.finishReason).toBe('STOP');
    expect(chunks[2]?.usageMetadata?.thoughtsTokenCount).toBe(80);
    const ollama = run([chunk({ reasoning: 'Hmm.' }), chunk({ content: 'Yes' }, 'stop')]);
    expect(ollama[0]?.candidates?.[0]?.content?.parts).toEqual([{ text: 'Hmm.', thought: true }]);
  });

  it('accepts a stream that ends after a finish reason without [DONE], usage or ids', () => {
    const chunks = run(sseEvents('openai-no-done'));
    expect(chunks.map((c) => c.text)).toEqual(['The sky', ' is blue.', undefined]);
    expect(chunks[2]?.candidates).toEqual([{ finishReason: 'STOP', index: 0 }]);
    expect(chunks[0]?.responseId).toBeUndefined();
    expect(chunks[0]?.modelVersion).toBe('llama3.2');
  });

  it('throws StreamInterruptedError when the stream ends before a finish reason or [DONE]', () => {
    const mapper = new OpenAIStreamMapper();
    for (const event of sseEvents('openai-truncated')) mapper.push(event);
    expect(mapper.chunksEmitted).toBe(2);
    let error: unknown;
    try {
      mapper.finish();
    } catch (caught) {
      error = caught;
    }
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect((error as StreamInterruptedError).chunksReceived).toBe(2);
    expect((error as StreamInterruptedError).provider).toBe('openai');
  });

  it('emits no content for a stream with no content, so the turn stays empty', () => {
    const chunks = run([chunk({ role: 'assistant', content: '' }, 'stop'), { data: '[DONE]' }]);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.candidates).toEqual([{ finishReason: 'STOP', index: 0 }]);
  });

  it('ignores events after [DONE] and keep-alive events with no data', () => {
    const mapper = new OpenAIStreamMapper();
    expect(mapper.push({ data: '' })).toEqual([]);
    expect(mapper.push({ data: '[DONE]' })).toHaveLength(1);
    expect(mapper.push(chunk({ content: 'late' }))).toEqual([]);
    expect(mapper.finish()).toEqual([]);
  });

  it('throws the typed error for an error object mid-stream', () => {
    const mapper = new OpenAIStreamMapper();
    const [first, second] = sseEvents('openai-error') as [SseEvent, SseEvent];
    expect(mapper.push(first)[0]?.text).toBe('Partial');
    let error: unknown;
    try {
      mapper.push(second);
    } catch (caught) {
      error = caught;
    }
    expect(ServerError.isInstance(error)).toBe(true);
    expect((error as ServerError).providerMessage).toBe(
      'The server had an error while processing your request. Sorry about that!',
    );
    expect((error as ServerError).providerCode).toBe('server_error');
  });

  it.each([
    [{ error: { message: 'Slow down', type: 'requests', code: 'rate_limit_exceeded' } }, 429],
    [{ error: { message: 'Bad', type: 'invalid_request_error', code: null } }, 400],
    [{ error: { message: 'Upstream', code: 502 } }, 502],
    [{ object: 'error', message: 'No such model', type: 'NotFoundError', code: 404 }, 404],
    [{ error: 'plain text' }, 500],
  ])('derives the status of an in-stream error %j', (body, status) => {
    let error: unknown;
    try {
      new OpenAIStreamMapper().push(data(body));
    } catch (caught) {
      error = caught;
    }
    expect(ApiError.isInstance(error)).toBe(true);
    expect((error as ApiError).status).toBe(status);
    if (status === 429) expect(RateLimitError.isInstance(error)).toBe(true);
  });

  it('treats an `event: error` as an error even without an error field', () => {
    expect(() =>
      new OpenAIStreamMapper().push({ event: 'error', data: '{"message":"boom"}' }),
    ).toThrow(/boom/);
  });

  it('rejects events that are not JSON or not chunks, scrubbing the secret', () => {
    const mapper = new OpenAIStreamMapper({ secrets: ['sk-secret-123456789'] });
    expect(() => mapper.push({ data: 'not json' })).toThrow(InvalidResponseError);
    let error: unknown;
    try {
      mapper.push({ data: '{"choices": "sk-secret-123456789"}' });
    } catch (caught) {
      error = caught;
    }
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect(String((error as Error).message)).not.toContain('sk-secret-123456789');
    expect((error as InvalidResponseError).excerpt).not.toContain('sk-secret-123456789');
  });

  it('reads only choice 0', () => {
    const chunks = run([
      data({ choices: [{ index: 1, delta: { content: 'other' }, finish_reason: null }] }),
      data({ choices: [{ index: 0, delta: { content: 'mine' }, finish_reason: 'stop' }] }),
    ]);
    expect(chunks.map((c) => c.text)).toEqual(['mine', undefined]);
  });
});
