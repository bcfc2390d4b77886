import {
  AsyncChats,
  type AsyncModels,
  InvalidResponseError,
  ServerError,
} from '@colloquy/chat-core';
import { DEFAULT_SETTINGS } from '@colloquy/provider-kit';
import type { ProviderName } from '@colloquy/test-server';
import { describe, expect, it } from 'vitest';
import { type AdapterUnderTest, adapters } from '../harness/adapters';
import { canaryKeys } from '../harness/canary-keys';
import { collectUnhandledRejections } from '../harness/unhandled-rejections';

const unhandled = collectUnhandledRejections();
const encoder = new TextEncoder();
const CAP = DEFAULT_SETTINGS.maxResponseBytes;
const PIECE = 1024 * 1024;

/** A body that never ends: `head`, then 'x' forever, 1 MiB per read. Counts what was pulled. */
function endless(head: string) {
  const stats = { bytes: 0, cancelled: false };
  const filler = encoder.encode('x'.repeat(PIECE));
  let first = true;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const piece = first ? encoder.encode(head) : filler;
      first = false;
      stats.bytes += piece.byteLength;
      controller.enqueue(piece);
    },
    cancel() {
      stats.cancelled = true;
    },
  });
  return { body, stats };
}

function modelsWith(
  adapter: AdapterUnderTest,
  body: BodyInit,
  contentType: string,
  status = 200,
): AsyncModels {
  const fetch: typeof globalThis.fetch = async () =>
    new Response(body, { status, headers: { 'content-type': contentType } });
  return adapter.createAsync({
    apiKey: canaryKeys[adapter.name],
    baseUrl: 'http://127.0.0.1:9/v1',
    fetch,
    maxRetries: 0,
  });
}

const SSE = 'text/event-stream';
const JSON_TYPE = 'application/json';

/** The opening of a stream that has begun: one text event saying "Hello ". */
const streamStart: Record<ProviderName, string> = {
  gemini: 'data: {"candidates":[{"content":{"role":"model","parts":[{"text":"Hello "}]}}]}\r\n\r\n',
  openai:
    'data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"role":"assistant","content":"Hello "}}]}\n\n',
  anthropic: [
    'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"usage":{"input_tokens":1,"output_tokens":0}}}\n\n',
    'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}\n\n',
    'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello "}}\n\n',
  ].join(''),
};

const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;

async function sendStream(models: AsyncModels, model: string) {
  const chat = new AsyncChats(models).create({ model });
  let text = '';
  let error: unknown;
  try {
    for await (const chunk of await chat.sendMessageStream('hi')) text += chunk.text ?? '';
  } catch (caught) {
    error = caught;
  }
  return { chat, text, error };
}

async function sendUnary(models: AsyncModels, model: string) {
  const chat = new AsyncChats(models).create({ model });
  let error: unknown;
  try {
    await chat.sendMessage('hi');
  } catch (caught) {
    error = caught;
  }
  return { chat, error };
}

describe.each(adapters)('$name: replies too big or too deep are refused', (adapter) => {
  it('an endless JSON body stops at the default cap (16 MiB): InvalidResponseError, nothing recorded', async () => {
    const { body, stats } = endless('{"candidates":[{"content":{"parts":[{"text":"');
    const { chat, error } = await sendUnary(modelsWith(adapter, body, JSON_TYPE), adapter.model);
    expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/maxResponseBytes/);
    expect(stats.bytes).toBeLessThanOrEqual(CAP + 2 * PIECE);
    expect(stats.cancelled).toBe(true);
    expect(chat.getHistory()).toEqual([]);
  });

  it('an endless first stream event stops at the cap: InvalidResponseError before output', async () => {
    const { body, stats } = endless('data: {"candidates":[{"content":{"parts":[{"text":"');
    const { chat, error } = await sendStream(modelsWith(adapter, body, SSE), adapter.model);
    expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
    expect(stats.bytes).toBeLessThanOrEqual(CAP + 2 * PIECE);
    expect(stats.cancelled).toBe(true);
    expect(chat.getHistory()).toEqual([]);
  });

  it('an endless event after output began: InvalidResponseError, the turn recorded as interrupted', async () => {
    const { body, stats } = endless(`${streamStart[adapter.name]}data: {"x":"`);
    const { chat, text, error } = await sendStream(modelsWith(adapter, body, SSE), adapter.model);
    expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
    expect(text).toBe('Hello ');
    expect(stats.bytes).toBeLessThanOrEqual(CAP + 2 * PIECE);
    expect(chat.getHistory(true)).toEqual([]);
    expect(chat.getTurns().map((turn) => turn.status)).toEqual(['interrupted']);
  });

  it('a JSON body nested 100 000 deep: InvalidResponseError', async () => {
    const { chat, error } = await sendUnary(
      modelsWith(adapter, `{"extra":${nested(100_000)}}`, JSON_TYPE),
      adapter.model,
    );
    expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/nested deeper/);
    expect(chat.getHistory()).toEqual([]);
  });

  it('a stream event nested 100 000 deep: InvalidResponseError', async () => {
    const { error } = await sendStream(
      modelsWith(
        adapter,
        `${streamStart[adapter.name]}data: {"extra":${nested(100_000)}}\n\n`,
        SSE,
      ),
      adapter.model,
    );
    expect(InvalidResponseError.isInstance(error), String(error)).toBe(true);
  });

  it('an HTTP 500 whose error body is nested 20 000 deep: ServerError, no crash', async () => {
    const { error } = await sendUnary(
      modelsWith(adapter, `{"error":${nested(20_000)}}`, JSON_TYPE, 500),
      adapter.model,
    );
    expect(ServerError.isInstance(error), String(error)).toBe(true);
  });
});

/**
 * Function-call arguments nested 5 000 deep: small bodies (30 KB), well under the cap. The
 * kit refuses JSON deeper than 256 levels, but arguments that arrive *inside a JSON string*
 * (OpenAI) are parsed by the adapter itself. Whatever the adapter decides (an
 * InvalidResponseError, or an invalid MALFORMED_FUNCTION_CALL reply), the chat must not blow
 * its stack copying them, and must keep working.
 */
const DEEP = nested(5_000);
const deepCalls: Record<ProviderName, { unary: string; stream: string }> = {
  gemini: {
    unary: `{"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"f","args":${DEEP}}}]},"finishReason":"STOP"}]}`,
    stream: `data: {"candidates":[{"content":{"role":"model","parts":[{"functionCall":{"name":"f","args":${DEEP}}}]},"finishReason":"STOP"}]}\r\n\r\n`,
  },
  openai: {
    unary: JSON.stringify({
      id: 'c',
      object: 'chat.completion',
      created: 1,
      model: 'm',
      choices: [
        {
          index: 0,
          finish_reason: 'tool_calls',
          message: {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'f', arguments: DEEP } },
            ],
          },
        },
      ],
    }),
    stream: [
      {
        delta: {
          role: 'assistant',
          tool_calls: [
            { index: 0, id: 'call_1', type: 'function', function: { name: 'f', arguments: '' } },
          ],
        },
      },
      { delta: { tool_calls: [{ index: 0, function: { arguments: DEEP.slice(0, 15_000) } }] } },
      { delta: { tool_calls: [{ index: 0, function: { arguments: DEEP.slice(15_000) } }] } },
      { delta: {}, finish_reason: 'tool_calls' },
    ]
      .map(
        (choice) =>
          `data: ${JSON.stringify({ id: 'c', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, ...choice }] })}\n\n`,
      )
      .concat('data: [DONE]\n\n')
      .join(''),
  },
  anthropic: {
    unary: `{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[{"type":"tool_use","id":"toolu_1","name":"f","input":${DEEP}}],"stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1}}`,
    stream: [
      'event: message_start\ndata: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"usage":{"input_tokens":1,"output_tokens":0}}}\n\n',
      'event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"tool_use","id":"toolu_1","name":"f","input":{}}}\n\n',
      `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: DEEP.slice(0, 15_000) } })}\n\n`,
      `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: DEEP.slice(15_000) } })}\n\n`,
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
      'event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"tool_use"},"usage":{"output_tokens":1}}\n\n',
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ].join(''),
  },
};

/** Refused cleanly: a Colloquy error (never a RangeError), or an invalid turn; the chat goes on. */
async function expectRefusedCleanly(adapter: AdapterUnderTest, delivery: 'unary' | 'stream') {
  const body = deepCalls[adapter.name][delivery];
  const models = modelsWith(adapter, body, delivery === 'stream' ? SSE : JSON_TYPE);
  const { chat, error } =
    delivery === 'stream'
      ? await sendStream(models, adapter.model)
      : await sendUnary(models, adapter.model);
  if (error !== undefined) {
    expect((error as Error).name, String(error)).toBe('InvalidResponseError');
  } else {
    expect(chat.getTurns().at(-1)?.status).toBe('invalid');
  }
  expect(() => chat.getHistory()).not.toThrow();
  expect(chat.getHistory(true)).toEqual([]);
}

describe('function-call arguments nested 5 000 deep', () => {
  for (const delivery of ['unary', 'stream'] as const) {
    it(`gemini ${delivery}: refused cleanly`, async () => {
      await expectRefusedCleanly(adapters[0] as AdapterUnderTest, delivery);
    });
    it(`anthropic ${delivery}: refused cleanly`, async () => {
      await expectRefusedCleanly(adapters[2] as AdapterUnderTest, delivery);
    });
    it(`openai ${delivery}: refused cleanly`, async () => {
      await expectRefusedCleanly(adapters[1] as AdapterUnderTest, delivery);
    });
  }
  it('no unhandled rejection', () => {
    expect(unhandled.reasons).toEqual([]);
  });
});
