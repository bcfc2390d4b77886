import {
  ApiError,
  AuthenticationError,
  type GenerateContentResponse,
  InvalidResponseError,
  NotFoundError,
  type Part,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  StreamInterruptedError,
} from '@colloquy/chat-core';
import type { SseEvent } from '@colloquy/provider-kit';
import { describe, expect, it } from 'vitest';
import { readSseFixture } from './__fixtures__/fixtures';
import { AnthropicStreamMapper } from './anthropic-stream-mapper';

function mapAll(
  events: SseEvent[],
  mapper = new AnthropicStreamMapper(),
): GenerateContentResponse[] {
  const chunks: GenerateContentResponse[] = [];
  for (const event of events) chunks.push(...mapper.push(event));
  mapper.finish();
  return chunks;
}

function partsOf(chunks: GenerateContentResponse[]): Part[] {
  return chunks.flatMap((chunk) => chunk.candidates?.[0]?.content?.parts ?? []);
}

function event(data: Record<string, unknown>): SseEvent {
  return { event: String(data.type), data: JSON.stringify(data) };
}

const START = event({
  type: 'message_start',
  message: { id: 'msg_1', model: 'claude-test', usage: { input_tokens: 10, output_tokens: 1 } },
});
const STOP = event({ type: 'message_stop' });

describe('AnthropicStreamMapper', () => {
  it('emits each text delta at once, then a finish chunk without content', () => {
    const chunks = mapAll(readSseFixture('anthropic-text.chunks.txt'));
    expect(chunks.map((chunk) => ({ ...chunk }))).toEqual([
      {
        candidates: [{ content: { role: 'model', parts: [{ text: 'Hello' }] }, index: 0 }],
        modelVersion: 'claude-opus-4-6',
        responseId: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
      },
      {
        candidates: [{ content: { role: 'model', parts: [{ text: '!' }] }, index: 0 }],
        modelVersion: 'claude-opus-4-6',
        responseId: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
      },
      {
        candidates: [{ finishReason: 'STOP', index: 0 }],
        usageMetadata: { promptTokenCount: 25, candidatesTokenCount: 15, totalTokenCount: 40 },
        modelVersion: 'claude-opus-4-6',
        responseId: 'msg_1nZdL29xx5MUA1yADyHTEsnR8uuvGzszyY',
      },
    ]);
    expect(chunks[0]?.text).toBe('Hello');
  });

  it('emits a text chunk per delta, before the block ends', () => {
    const mapper = new AnthropicStreamMapper();
    mapper.push(START);
    mapper.push(
      event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }),
    );
    const chunks = mapper.push(
      event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hi' } }),
    );
    expect(chunks.map((chunk) => chunk.text)).toEqual(['Hi']);
  });

  it('buffers input_json_delta fragments and emits the whole call when the block stops', () => {
    const events = readSseFixture('anthropic-tool-use.chunks.txt');
    const mapper = new AnthropicStreamMapper();
    const chunks: GenerateContentResponse[] = [];
    let callSeenBeforeStop = false;
    for (const e of events) {
      const out = mapper.push(e);
      if (e.event === 'content_block_delta' && out.some((chunk) => chunk.functionCalls)) {
        callSeenBeforeStop = true;
      }
      chunks.push(...out);
    }
    mapper.finish();
    expect(callSeenBeforeStop).toBe(false);
    const parts = partsOf(chunks);
    expect(
      parts
        .filter((part) => part.text !== undefined)
        .map((part) => part.text)
        .join(''),
    ).toBe("Okay, let's check the weather for San Francisco, CA:");
    expect(parts.at(-1)).toEqual({
      functionCall: {
        id: 'toolu_01T1x1fJ34qAmk2tNTrN7Up6',
        name: 'get_weather',
        args: { location: 'San Francisco, CA', unit: 'fahrenheit' },
      },
    });
    expect(chunks.at(-1)?.candidates?.[0]).toEqual({ finishReason: 'STOP', index: 0 });
    expect(chunks.at(-1)?.usageMetadata).toEqual({
      promptTokenCount: 472,
      candidatesTokenCount: 89,
      totalTokenCount: 561,
    });
  });

  it('uses the start input of a tool_use block that has no deltas', () => {
    const chunks = mapAll([
      START,
      event({
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 't1', name: 'now', input: {} },
      }),
      event({ type: 'content_block_stop', index: 0 }),
      event({
        type: 'message_delta',
        delta: { stop_reason: 'tool_use' },
        usage: { output_tokens: 3 },
      }),
      STOP,
    ]);
    expect(partsOf(chunks)).toEqual([{ functionCall: { id: 't1', name: 'now', args: {} } }]);
  });

  it('emits thinking as thought chunks and its signature on a last empty thought part', () => {
    const parts = partsOf(mapAll(readSseFixture('anthropic-thinking.chunks.txt')));
    expect(parts).toEqual([
      {
        text: 'I need to find the GCD of 1071 and 462 using the Euclidean algorithm.\n\n1071 = 2 × 462 + 147',
        thought: true,
      },
      { text: '\n462 = 3 × 147 + 21\n147 = 7 × 21 + 0\n\nSo GCD(1071, 462) = 21', thought: true },
      {
        text: '',
        thought: true,
        thoughtSignature: 'anthropic:EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds',
      },
      {
        text: '',
        thought: true,
        thoughtSignature:
          'redacted_thinking:EmwKAhgBEgy3va3pzix/LafPsn4aDFIT2Xlxh0L5L8rLVyIwxtE3rAFBa8cr3qpPkNRj2YfWXGmKDxH4mPnZ5sQ7vB9URj2pLmN3kF8/dW5hR7xJ0aP1oLs9yTcMnKVf2wRpEGjH9XZaBt4UvDcPrQ',
      },
      { text: 'The greatest common divisor of 1071 and 462 is **21**.' },
    ]);
  });

  it('emits the signature of a thinking block that had no text (display omitted)', () => {
    const chunks = mapAll([
      START,
      event({
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'thinking', thinking: '' },
      }),
      event({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'signature_delta', signature: 'c2ln' },
      }),
      event({ type: 'content_block_stop', index: 0 }),
      event({ type: 'message_delta', delta: { stop_reason: 'end_turn' } }),
      STOP,
    ]);
    expect(partsOf(chunks)).toEqual([
      { text: '', thought: true, thoughtSignature: 'anthropic:c2ln' },
    ]);
  });

  it('carries message_delta usage, adding the input count from message_start', () => {
    const chunks = mapAll([
      event({
        type: 'message_start',
        message: {
          id: 'msg_2',
          model: 'claude-test',
          usage: { input_tokens: 100, cache_read_input_tokens: 50, output_tokens: 1 },
        },
      }),
      event({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: 'Hi' } }),
      event({ type: 'content_block_stop', index: 0 }),
      event({
        type: 'message_delta',
        delta: { stop_reason: 'max_tokens' },
        usage: { output_tokens: 30 },
      }),
      STOP,
    ]);
    expect(partsOf(chunks)).toEqual([{ text: 'Hi' }]);
    expect(chunks.at(-1)?.candidates?.[0]).toEqual({ finishReason: 'MAX_TOKENS', index: 0 });
    expect(chunks.at(-1)?.usageMetadata).toEqual({
      promptTokenCount: 150,
      candidatesTokenCount: 30,
      totalTokenCount: 180,
      cachedContentTokenCount: 50,
    });
  });

  it('ends a refusal with finish reason SAFETY and no content', () => {
    const chunks = mapAll(readSseFixture('anthropic-refusal.chunks.txt'));
    expect(chunks.at(-1)?.candidates?.[0]).toEqual({ finishReason: 'SAFETY', index: 0 });
  });

  it('leaves out a tool call whose input was cut at max_tokens, ending MALFORMED_FUNCTION_CALL', () => {
    const chunks = mapAll(readSseFixture('corpus/max-tokens-in-tool-use.chunks.txt'));
    expect(partsOf(chunks)).toEqual([]);
    const last = chunks.at(-1)?.candidates?.[0];
    expect(last?.finishReason).toBe('MALFORMED_FUNCTION_CALL');
    expect(last?.finishMessage).toContain('"write_file"');
    expect(last?.finishMessage).toContain('max_tokens');
  });

  it('gives an empty reply no content chunks at all', () => {
    const chunks = mapAll(readSseFixture('anthropic-empty.chunks.txt'));
    expect(partsOf(chunks)).toEqual([]);
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.candidates?.[0]).toEqual({ finishReason: 'STOP', index: 0 });
  });

  it('ignores pings, unknown events, deltas and blocks; keeps server-tool blocks and citations', () => {
    const chunks = mapAll([
      START,
      { event: 'ping', data: '{"type": "ping"}' },
      event({ type: 'future_event', anything: true }),
      event({
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'server_tool_use', id: 's', name: 'web_search', input: {} },
      }),
      event({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '{"query":' },
      }),
      event({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: ' "Paris"}' },
      }),
      event({ type: 'content_block_delta', index: 0, delta: { type: 'future_delta' } }),
      event({ type: 'content_block_stop', index: 0 }),
      event({ type: 'content_block_start', index: 2, content_block: { type: 'future_block' } }),
      event({ type: 'content_block_stop', index: 2 }),
      event({ type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } }),
      event({
        type: 'content_block_delta',
        index: 1,
        delta: { type: 'citations_delta', citation: { type: 'char_location' } },
      }),
      event({ type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'ok' } }),
      event({ type: 'content_block_stop', index: 1 }),
      event({ type: 'message_delta', delta: { stop_reason: 'end_turn' } }),
      STOP,
    ]);
    expect(partsOf(chunks)).toEqual([
      {
        providerBlock: {
          provider: 'anthropic',
          data: { type: 'server_tool_use', id: 's', name: 'web_search', input: { query: 'Paris' } },
        },
      },
      { text: 'ok' },
      {
        text: '',
        citations: [
          {
            providerCitation: { provider: 'anthropic', data: { type: 'char_location' } },
          },
        ],
      },
    ]);
  });

  it('throws the matching error for an error event mid-stream', () => {
    const mapper = new AnthropicStreamMapper();
    const events = readSseFixture('anthropic-error.chunks.txt');
    const last = events.pop() as SseEvent;
    for (const e of events) mapper.push(e);
    let thrown: unknown;
    try {
      mapper.push(last);
    } catch (error) {
      thrown = error;
    }
    expect(ServerError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({
      status: 529,
      provider: 'anthropic',
      providerCode: 'overloaded_error',
      providerMessage: 'Overloaded',
    });
  });

  it.each([
    ['overloaded_error', 529, ServerError],
    ['api_error', 500, ServerError],
    ['timeout_error', 504, ServerError],
    ['rate_limit_error', 429, RateLimitError],
    ['authentication_error', 401, AuthenticationError],
    ['permission_error', 403, PermissionDeniedError],
    ['not_found_error', 404, NotFoundError],
    ['invalid_request_error', 400, ApiError],
    ['request_too_large', 413, ApiError],
    ['mystery_error', 500, ServerError],
  ] as const)('maps error type %s to HTTP %i and its class', (type, status, Class) => {
    const mapper = new AnthropicStreamMapper();
    let thrown: unknown;
    try {
      mapper.push({
        event: 'error',
        data: JSON.stringify({
          type: 'error',
          error: { type, message: 'boom' },
          request_id: 'req_9',
        }),
      });
    } catch (error) {
      thrown = error;
    }
    expect(Class.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ status, providerMessage: 'boom', requestId: 'req_9' });
  });

  it('scrubs the API key from an error event message', () => {
    const mapper = new AnthropicStreamMapper({ secrets: ['my-secret-key-123'] });
    expect(() =>
      mapper.push({
        event: 'error',
        data: JSON.stringify({
          type: 'error',
          error: { type: 'api_error', message: 'bad key my-secret-key-123' },
        }),
      }),
    ).toThrow(/bad key \[redacted\]/);
  });

  it('fails a stream that ends without message_stop with StreamInterruptedError', () => {
    const mapper = new AnthropicStreamMapper();
    for (const e of readSseFixture('anthropic-truncated.chunks.txt')) mapper.push(e);
    let thrown: unknown;
    try {
      mapper.finish();
    } catch (error) {
      thrown = error;
    }
    expect(StreamInterruptedError.isInstance(thrown)).toBe(true);
    expect(thrown).toMatchObject({ provider: 'anthropic', chunksReceived: 2 });
  });

  it('ignores anything after message_stop', () => {
    const chunks = mapAll([
      START,
      STOP,
      event({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'late' } }),
    ]);
    expect(chunks).toEqual([]);
  });

  it('rejects events it cannot read', () => {
    expect(() => new AnthropicStreamMapper().push({ data: 'not json' })).toThrow(
      InvalidResponseError,
    );
    expect(() => new AnthropicStreamMapper().push({ data: '[1]' })).toThrow(InvalidResponseError);
    expect(() =>
      new AnthropicStreamMapper().push(event({ type: 'content_block_delta', delta: {} })),
    ).toThrow(InvalidResponseError);
    expect(() =>
      new AnthropicStreamMapper().push(
        event({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use' } }),
      ),
    ).toThrow(InvalidResponseError);
  });

  it('rejects tool input that is not a JSON object', () => {
    const mapper = new AnthropicStreamMapper();
    mapper.push(
      event({
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 't', name: 'f', input: {} },
      }),
    );
    mapper.push(
      event({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '[1,' },
      }),
    );
    mapper.push(
      event({
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'input_json_delta', partial_json: '2]' },
      }),
    );
    expect(() => mapper.push(event({ type: 'content_block_stop', index: 0 }))).toThrow(
      InvalidResponseError,
    );
  });

  it('rejects an input_json_delta without its JSON', () => {
    const mapper = new AnthropicStreamMapper();
    mapper.push(
      event({
        type: 'content_block_start',
        index: 0,
        content_block: { type: 'tool_use', id: 't', name: 'f', input: {} },
      }),
    );
    expect(() =>
      mapper.push(
        event({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta' } }),
      ),
    ).toThrow(InvalidResponseError);
  });
});
