import { AsyncChats, type AsyncModels, Chats } from '@colloquy/chat-core';
import type { LoggedRequest, ProviderName, ScriptedReply } from '@colloquy/test-server';
import { type FakeServerThread, startFakeServerThread } from '@colloquy/test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdapterUnderTest, adapters, type ClosableModels } from '../harness/adapters';
import { canaryKeys, LEAK_MARKER } from '../harness/canary-keys';
import { type Delivery, drivenAsyncChat, drivenSyncChat, type Mode } from '../harness/chat-driver';
import { findLeaks } from '../harness/find-leaks';
import { collectUnhandledRejections } from '../harness/unhandled-rejections';
import { captureOutput } from './output-capture';

const unhandled = collectUnhandledRejections();
const output = captureOutput();

const SETTINGS = { timeout: 2_000, idleTimeout: 2_000, maxRetries: 1, maxRetryDelay: 20 };
const TEXT = 'alpha beta gamma';
const CHUNKS = ['alpha ', 'beta ', 'gamma'];

/**
 * Two keys per provider: one shaped like a real key (the kit's patterns would catch it even
 * if an adapter forgot to list it as a secret) and one plain (only the adapter's `secrets`
 * can catch it).
 */
const keyKinds = {
  shaped: canaryKeys,
  plain: {
    gemini: `plain${LEAK_MARKER}gemini0123456789`,
    openai: `plain${LEAK_MARKER}openai0123456789`,
    anthropic: `plain${LEAK_MARKER}anthropic0123456789`,
  },
} satisfies Record<string, Record<ProviderName, string>>;
type KeyKind = keyof typeof keyKinds;

interface Scenario {
  id: string;
  deliveries: Delivery[];
  replies(key: string, adapter: AdapterUnderTest, delivery: Delivery): ScriptedReply[];
}

const twice = (reply: ScriptedReply) => [reply, reply];

/** Failures whose bodies carry the key back, as some servers and proxies do. */
const scenarios: Scenario[] = [
  { id: 'echo-key 401', deliveries: ['stream', 'unary'], replies: () => [{ fault: 'echo-key' }] },
  {
    id: '500 quoting the key, every attempt',
    deliveries: ['stream', 'unary'],
    replies: (key) =>
      twice({ error: { name: 'ServerError', providerMessage: `upstream rejected key ${key}` } }),
  },
  {
    id: '400 quoting the key',
    deliveries: ['stream', 'unary'],
    replies: (key) => [
      { error: { name: 'ApiError', providerMessage: `API key not valid: ${key}` } },
    ],
  },
  {
    id: '429 quoting the key',
    deliveries: ['stream', 'unary'],
    replies: (key) => [
      {
        error: {
          name: 'RateLimitError',
          providerMessage: `quota exceeded for ${key}`,
          retryAfterMs: 120_000,
        },
      },
    ],
  },
  {
    id: 'in-stream error quoting the key',
    deliveries: ['stream', 'unary'],
    replies: (key, _adapter, delivery) => {
      const reply: ScriptedReply = {
        text: TEXT,
        chunks: CHUNKS,
        failAfterChunks: 1,
        error: { name: 'ServerError', providerMessage: `stream failed for ${key}` },
      };
      // Unary, it is an HTTP 500 (Anthropic 529), retried once.
      return delivery === 'stream' ? [reply] : twice(reply);
    },
  },
  {
    // The server sends the key back inside a body cut short: the excerpt quoted in the error
    // must not carry it. (Streamed, the text before the cut is the model's own output.)
    id: 'truncated body quoting the key',
    deliveries: ['unary'],
    replies: (key) => [
      {
        text: `your key is ${key}, keep it safe`,
        failAfterChunks: 1,
        error: { name: 'InvalidResponseError' },
      },
    ],
  },
  {
    id: 'connection reset, every attempt',
    deliveries: ['stream', 'unary'],
    replies: () => twice({ error: { name: 'ConnectionError' } }),
  },
];

const hosts = new Map<KeyKind, FakeServerThread>();
const models = new Map<string, { async: AsyncModels; sync: ClosableModels }>();

beforeAll(async () => {
  for (const kind of Object.keys(keyKinds) as KeyKind[]) {
    const keys = keyKinds[kind];
    const host = await startFakeServerThread(
      Object.fromEntries(adapters.map((a) => [a.name, { apiKey: keys[a.name] }])),
    );
    hosts.set(kind, host);
    for (const adapter of adapters) {
      const settings = {
        ...SETTINGS,
        apiKey: keys[adapter.name],
        baseUrl: host.baseUrlFor(adapter.name),
      };
      models.set(`${kind}/${adapter.name}`, {
        async: adapter.createAsync(settings),
        sync: adapter.createSync(settings),
      });
    }
  }
});

afterAll(async () => {
  for (const pair of models.values()) pair.sync.close?.();
  for (const host of hosts.values()) await host.close();
  expect(unhandled.reasons).toEqual([]);
  // Whatever was printed while keys were being echoed (no library logging exists today).
  expect(output.lines.filter((line) => line.includes(LEAK_MARKER))).toEqual([]);
});

/** Where a logged request carries the key: never the path, the query or the body. */
function keyPlacement(request: LoggedRequest, key: string): string[] {
  const problems: string[] = [];
  if (request.path.includes(key) || request.path.includes(encodeURIComponent(key))) {
    problems.push('path');
  }
  for (const [name, value] of Object.entries(request.query)) {
    if (/key|token/i.test(name) || value.includes(LEAK_MARKER)) problems.push(`query ${name}`);
  }
  if (JSON.stringify(request.body).includes(LEAK_MARKER)) problems.push('body');
  if (!request.authorized) problems.push('the fake did not get the key (from a header)');
  return problems;
}

describe.each(Object.keys(keyKinds) as KeyKind[])('%s keys', (kind) => {
  describe.each(adapters)('$name', (adapter) => {
    describe.each(['async', 'sync'] as const)('%s', (mode: Mode) => {
      const cases = scenarios.flatMap((scenario) =>
        scenario.deliveries.map((delivery) => ({ scenario, delivery })),
      );
      it.each(cases)(
        '$scenario.id ($delivery): no key in the error, history or request URL',
        async ({ scenario, delivery }) => {
          const host = hosts.get(kind) as FakeServerThread;
          const key = keyKinds[kind][adapter.name];
          const pair = models.get(`${kind}/${adapter.name}`) as {
            async: AsyncModels;
            sync: ClosableModels;
          };
          await host.reset();
          await host.enqueue(adapter.name, ...scenario.replies(key, adapter, delivery));
          const setup = { model: adapter.model };
          const chat =
            mode === 'sync'
              ? drivenSyncChat(new Chats(pair.sync), setup)
              : drivenAsyncChat(new AsyncChats(pair.async), setup);
          const outcome = await chat.send(`tell me about ${scenario.id}`, delivery);

          expect(outcome.ok, 'the scripted failure must surface').toBe(false);
          expect(findLeaks(outcome.error)).toEqual([]);
          // The key itself is never even partly quoted: its distinctive middle is not there.
          expect(findLeaks(outcome.error, key.slice(4, -4))).toEqual([]);
          expect(JSON.stringify(chat.getTurns())).not.toContain(LEAK_MARKER);
          const requests = await host.requests(adapter.name);
          expect(requests.length).toBeGreaterThan(0);
          for (const request of requests) expect(keyPlacement(request, key)).toEqual([]);
        },
      );
    });
  });
});
