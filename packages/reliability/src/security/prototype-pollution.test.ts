import {
  AsyncChats,
  type AsyncModels,
  Chats,
  type Content,
  type GenerateContentConfig,
  type GenerateContentResponse,
} from '@colloquy/chat-core';
import { convertToAnthropicRequest } from '@colloquy/provider-anthropic/internal';
import { convertToGeminiRequest } from '@colloquy/provider-gemini/internal';
import type { ProviderSettings } from '@colloquy/provider-kit';
import { convertToOpenAIRequest } from '@colloquy/provider-openai/internal';
import type { ProviderName } from '@colloquy/test-server';
import { type FakeServerThread, startFakeServerThread } from '@colloquy/test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AdapterUnderTest, adapters } from '../harness/adapters';
import { canaryKeys } from '../harness/canary-keys';
import { drivenAsyncChat, drivenSyncChat, type Mode } from '../harness/chat-driver';
import { collectUnhandledRejections } from '../harness/unhandled-rejections';
import { globalPollution, jsonOutsideProtoKeys, swappedPrototypes } from './prototype-walk';

const unhandled = collectUnhandledRejections();

// What an attacker-controlled JSON document (a config file, a saved session, a server's
// reply) would carry: `__proto__` and `constructor.prototype` keys, whose payload also
// shadows fields the library reads.
const P = '{"polluted":"yes","injected":"yes","text":"INJECTED","headers":{"x-injected":"1"}}';
const CP = `{"prototype":${P}}`;

const HISTORY_JSON = `[
  {"role":"user","parts":[{"text":"hi","__proto__":${P}}],"__proto__":${P}},
  {"role":"model","parts":[{"text":"hello","constructor":${CP}},
    {"functionCall":{"id":"call_1","name":"lookup","args":{"__proto__":${P},"constructor":${CP},"x":1}}}]},
  {"role":"user","parts":[{"functionResponse":{"id":"call_1","name":"lookup",
    "response":{"__proto__":${P},"constructor":${CP},"ok":true}}}]},
  {"role":"model","parts":[{"text":"done"}]}
]`;

const SETTINGS = { timeout: 2_000, idleTimeout: 2_000, maxRetries: 0 };

let host: FakeServerThread;
beforeAll(async () => {
  host = await startFakeServerThread(
    Object.fromEntries(adapters.map((a) => [a.name, { apiKey: canaryKeys[a.name] }])),
  );
});
afterEach(() => {
  expect(globalPollution()).toEqual([]);
});
afterAll(async () => {
  await host?.close();
  expect(unhandled.reasons).toEqual([]);
});

function settingsFor(adapter: AdapterUnderTest): ProviderSettings {
  return { ...SETTINGS, apiKey: canaryKeys[adapter.name], baseUrl: host.baseUrlFor(adapter.name) };
}

describe.each(adapters)('$name', (adapter) => {
  describe.each(['async', 'sync'] as const)('%s', (mode: Mode) => {
    function chatOver(settings: ProviderSettings, history: Content[]) {
      if (mode === 'async') {
        return drivenAsyncChat(new AsyncChats(adapter.createAsync(settings)), {
          model: adapter.model,
          history,
        });
      }
      const models = adapter.createSync(settings);
      return drivenSyncChat(new Chats(models), { model: adapter.model, history });
    }

    it('a JSON history with __proto__ and constructor keys survives create, getHistory, getTurns, structuredClone and a send, intact', async () => {
      const given = JSON.parse(HISTORY_JSON) as Content[];
      const chat = chatOver(settingsFor(adapter), given);
      const copies = [chat.getHistory(), chat.getHistory(true), structuredClone(chat.getHistory())];
      for (const copy of copies) {
        expect(JSON.stringify(copy)).toBe(JSON.stringify(given));
        expect(swappedPrototypes(copy)).toEqual([]);
      }
      const restored = new AsyncChats(adapter.createAsync(settingsFor(adapter))).create({
        model: adapter.model,
        turns: chat.getTurns(),
      });
      expect(JSON.stringify(restored.getHistory())).toBe(JSON.stringify(given));

      await host.reset();
      for (const delivery of ['unary', 'stream'] as const) {
        const outcome = await chat.send(`next ${delivery}`, delivery);
        expect(outcome.error).toBeUndefined();
        expect(outcome.text).toBe(`Echo: next ${delivery}`);
      }
      expect(swappedPrototypes(chat.getHistory())).toEqual([]);
      // The wire carried the function call and response whole: nothing inherited leaked in.
      for (const request of await host.requests(adapter.name)) {
        expect(request.authorized).toBe(true);
        expect(jsonOutsideProtoKeys(request.body)).not.toContain('INJECTED');
        expect(request.headers['x-injected']).toBeUndefined();
      }
    });

    it('provider options and a config with __proto__ keys go through request building', async () => {
      const config = JSON.parse(`{
        "temperature": 0.1, "__proto__": ${P}, "constructor": ${CP},
        "httpOptions": {"__proto__": ${P}, "headers": {"__proto__": ${P}, "x-trace": "1"}},
        "providerOptions": {"__proto__": ${P},
          "gemini": {"generationConfig": {"__proto__": ${P}, "constructor": ${CP}}},
          "openai": {"__proto__": ${P}, "constructor": ${CP}},
          "anthropic": {"__proto__": ${P}, "constructor": ${CP}}}
      }`) as GenerateContentConfig;
      const settings = JSON.parse(
        `{"__proto__": ${P}, "constructor": ${CP}, "headers": {"__proto__": ${P}, "x-from-settings": "1"}}`,
      ) as ProviderSettings;
      Object.assign(settings, settingsFor(adapter));
      const chat = chatOver(settings, []);
      await host.reset();
      for (const delivery of ['unary', 'stream'] as const) {
        const outcome = await chat.send(`with options ${delivery}`, delivery, config);
        // Refusing an unknown provider option is fine; being steered by it is not.
        if (!outcome.ok) expect((outcome.error as Error).name).toBe('ConfigurationError');
      }
      for (const request of await host.requests(adapter.name)) {
        expect(request.headers['x-injected']).toBeUndefined();
        expect(request.headers['x-trace']).toBe('1');
        expect(request.headers['x-from-settings']).toBe('1');
        expect(jsonOutsideProtoKeys(request.body)).not.toContain('INJECTED');
      }
    });
  });
});

/** Replies carrying `__proto__` keys at every level, per provider, unary and streamed. */
const hostileReplies: Record<ProviderName, { unary: string; stream: string }> = {
  gemini: {
    unary: `{"candidates":[{"content":{"role":"model","parts":[{"text":"safe","__proto__":${P}},
      {"functionCall":{"name":"f","args":{"__proto__":${P},"constructor":${CP}}}}],"__proto__":${P}},
      "finishReason":"STOP","__proto__":${P}}],"__proto__":${P},"usageMetadata":{"__proto__":${P},"totalTokenCount":3}}`,
    stream: `data: {"candidates":[{"content":{"role":"model","parts":[{"text":"sa","__proto__":${P}}]},"__proto__":${P}}],"__proto__":${P}}\r\n\r\ndata: {"candidates":[{"content":{"role":"model","parts":[{"text":"fe"}]},"finishReason":"STOP"}],"usageMetadata":{"__proto__":${P}}}\r\n\r\n`,
  },
  openai: {
    unary: `{"id":"x","object":"chat.completion","created":1,"model":"m","__proto__":${P},
      "choices":[{"index":0,"finish_reason":"stop","__proto__":${P},"message":{"role":"assistant","content":"safe","__proto__":${P},
      "tool_calls":[{"id":"call_1","type":"function","function":{"name":"f","arguments":${JSON.stringify(`{"__proto__":${P},"constructor":${CP}}`)}}}]}}],
      "usage":{"__proto__":${P},"prompt_tokens":1,"completion_tokens":1,"total_tokens":2}}`,
    stream: `data: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","__proto__":${P},"choices":[{"index":0,"delta":{"role":"assistant","content":"sa","__proto__":${P}},"__proto__":${P}}]}\n\ndata: {"id":"x","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"fe"},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n`,
  },
  anthropic: {
    unary: `{"id":"msg_1","type":"message","role":"assistant","model":"m","__proto__":${P},
      "content":[{"type":"text","text":"safe","__proto__":${P}},{"type":"tool_use","id":"toolu_1","name":"f","input":{"__proto__":${P},"constructor":${CP}}}],
      "stop_reason":"end_turn","stop_sequence":null,"usage":{"input_tokens":1,"output_tokens":1,"__proto__":${P}}}`,
    stream: [
      `event: message_start\ndata: {"type":"message_start","__proto__":${P},"message":{"id":"msg_1","type":"message","role":"assistant","model":"m","content":[],"stop_reason":null,"usage":{"input_tokens":1,"output_tokens":0,"__proto__":${P}},"__proto__":${P}}}\n\n`,
      `event: content_block_start\ndata: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":"","__proto__":${P}}}\n\n`,
      `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"sa","__proto__":${P}}}\n\n`,
      `event: content_block_delta\ndata: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"fe"}}\n\n`,
      'event: content_block_stop\ndata: {"type":"content_block_stop","index":0}\n\n',
      `event: message_delta\ndata: {"type":"message_delta","delta":{"stop_reason":"end_turn","__proto__":${P}},"usage":{"output_tokens":2}}\n\n`,
      'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    ].join(''),
  },
};

describe.each(adapters)('$name: a reply with __proto__ keys at every level', (adapter) => {
  function models(body: string, contentType: string): AsyncModels {
    // Replies shaped at will need an injected fetch: async models only (the parsing and
    // validation code is the same one the sync bridge runs in its worker).
    const fetch: typeof globalThis.fetch = async () =>
      new Response(body, { status: 200, headers: { 'content-type': contentType } });
    return adapter.createAsync({
      apiKey: canaryKeys[adapter.name],
      baseUrl: 'http://127.0.0.1:9/v1',
      fetch,
      maxRetries: 0,
    });
  }

  it('unary: validated and recorded without touching any prototype', async () => {
    const chat = new AsyncChats(
      models(hostileReplies[adapter.name].unary, 'application/json'),
    ).create({
      model: adapter.model,
    });
    const reply = await chat.sendMessage('hello');
    expect(reply.text).toBe('safe');
    expect(swappedPrototypes(reply)).toEqual([]);
    expect(swappedPrototypes(chat.getHistory())).toEqual([]);
    expect(jsonOutsideProtoKeys(chat.getHistory())).not.toContain('INJECTED');
  });

  it('stream: validated and recorded without touching any prototype', async () => {
    const chat = new AsyncChats(
      models(hostileReplies[adapter.name].stream, 'text/event-stream'),
    ).create({
      model: adapter.model,
    });
    const chunks: GenerateContentResponse[] = [];
    for await (const chunk of await chat.sendMessageStream('hello')) chunks.push(chunk);
    expect(chunks.map((chunk) => chunk.text ?? '').join('')).toBe('safe');
    expect(swappedPrototypes(chunks)).toEqual([]);
    expect(chat.getTurns().at(-1)?.status).toBe('complete');
    expect(swappedPrototypes(chat.getHistory())).toEqual([]);
    expect(jsonOutsideProtoKeys(chat.getHistory())).not.toContain('INJECTED');
  });
});

// The request builders themselves: the body object is what a swapped prototype would live
// in (JSON.stringify drops inherited fields, so the wire cannot show it).
describe('request bodies built with a "__proto__" provider option', () => {
  // Found by this suite: the OpenAI builder copies options with `body[key] = value` and the
  // Anthropic one with Object.assign, so a JSON "__proto__" option replaced the body's
  // prototype. Fixed in the kit: providerOptionsOf never hands out a "__proto__" key.
  const contents: Content[] = [{ role: 'user', parts: [{ text: 'hi' }] }];
  const providerOptions = JSON.parse(
    `{"openai": {"__proto__": ${P}, "user": "u1"}, "anthropic": {"__proto__": ${P}, "metadata": {"user_id": "u1"}},
      "gemini": {"generationConfig": {"__proto__": ${P}, "candidateCount": 1}}}`,
  ) as Record<string, Record<string, unknown>>;
  const config = { providerOptions };
  const bodies: Record<ProviderName, () => object> = {
    openai: () => convertToOpenAIRequest({ model: 'm', contents, config, stream: true }),
    anthropic: () =>
      convertToAnthropicRequest({
        model: 'm',
        contents,
        config,
        defaultMaxTokens: 16,
        leadingUserText: '(start)',
        stream: true,
      }),
    gemini: () => convertToGeminiRequest({ contents, config }),
  };

  it.each(Object.keys(bodies) as ProviderName[])(
    '%s: keeps a plain prototype and the other options',
    (name) => {
      const body = bodies[name]();
      expect(swappedPrototypes(body)).toEqual([]);
      expect((body as { polluted?: unknown }).polluted).toBeUndefined();
      expect(JSON.stringify(body)).toMatch(/"u1"|"candidateCount":1/);
    },
  );
});
