import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncChats, type AsyncModels, type SessionStoreOptions } from '@colloquy/chat-core';
import { createMemoryStore } from '@colloquy/chat-core/memory-store';
import { createMockAsyncModels, type MockScript } from '@colloquy/provider-mock';
import { createSqliteStore } from '@colloquy/store-sqlite';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import type { ChatHandlerOptions } from '../handler/chat-handler-options';
import { createChatHandler } from '../handler/create-chat-handler';
import { createMemoryStreamLog } from '../stream-log/create-memory-stream-log';
import type { StreamLogOptions } from '../stream-log/stream-log';

/** The stores the handler suite runs against, each fresh per harness. */
export const STORES = {
  memory: (options: SessionStoreOptions) => ({
    store: createMemoryStore(options),
    cleanup: () => {},
  }),
  sqlite: (options: SessionStoreOptions) => {
    const dir = mkdtempSync(join(tmpdir(), 'colloquy-server-'));
    const store = createSqliteStore({ path: join(dir, 'sessions.db'), ...options });
    return {
      store,
      cleanup: async () => {
        await store.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

export type StoreName = keyof typeof STORES;

export interface HarnessOptions {
  script?: MockScript;
  /** Replaces the mock (e.g. models that throw a particular error). */
  models?: AsyncModels;
  store?: SessionStoreOptions;
  /** Options of the harness's memory stream log. */
  log?: StreamLogOptions;
  handler?: Partial<ChatHandlerOptions>;
}

export interface SseEvent {
  id: string;
  event: string;
  data: string;
}

/** A handler over the mock provider and one store, with helpers to call it. */
export function createHarness(storeName: StoreName, options: HarnessOptions = {}) {
  const mock = createMockAsyncModels(options.script ?? []);
  const { store, cleanup } = STORES[storeName](options.store ?? {});
  const log = createMemoryStreamLog(options.log);
  const chats = new AsyncChats(options.models ?? mock, { store });
  const errors: unknown[] = [];
  const handler = createChatHandler({
    chats,
    model: 'mock-1',
    authenticate: (request) => request.headers.get('x-owner') ?? undefined,
    streamLog: log,
    basePath: '/api',
    onError: (error) => errors.push(error),
    ...options.handler,
  });

  async function call(
    method: string,
    path: string,
    init: { body?: unknown; owner?: string | null; headers?: Record<string, string> } = {},
  ): Promise<Response> {
    const headers: Record<string, string> = { ...init.headers };
    if (init.owner !== null) headers['x-owner'] = init.owner ?? 'alice';
    let body: string | undefined;
    if (init.body !== undefined) {
      body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      headers['content-type'] ??= 'application/json';
    }
    return handler(new Request(`http://test${path}`, { method, headers, body }));
  }

  async function createSession(owner = 'alice', body: unknown = {}): Promise<string> {
    const response = await call('POST', '/api/sessions', { owner, body });
    if (response.status !== 201) throw new Error(`create: ${response.status}`);
    return ((await response.json()) as { sessionId: string }).sessionId;
  }

  return {
    mock,
    store,
    log,
    handler,
    errors,
    call,
    createSession,
    send: (
      sessionId: string,
      message: unknown,
      init: { owner?: string; headers?: Record<string, string> } = {},
    ) => call('POST', `/api/sessions/${sessionId}/messages`, { ...init, body: { message } }),
    async close() {
      await log.close();
      await cleanup();
    },
  };
}

export type Harness = ReturnType<typeof createHarness>;

/** The SSE events of a response body, one at a time (comments skipped). */
export function sseEvents(response: Response): ReadableStreamDefaultReader<SseEvent> {
  if (!response.body) throw new Error('no body');
  return response.body
    .pipeThrough(new TextDecoderStream())
    .pipeThrough(new EventSourceParserStream())
    .pipeThrough(
      new TransformStream({
        transform: (e, controller) =>
          controller.enqueue({ id: e.id ?? '', event: e.event ?? 'message', data: e.data }),
      }),
    )
    .getReader();
}

/** Reads `count` events (or all, until the stream ends). */
export async function readEvents(
  reader: ReadableStreamDefaultReader<SseEvent>,
  count = Number.POSITIVE_INFINITY,
): Promise<SseEvent[]> {
  const out: SseEvent[] = [];
  while (out.length < count) {
    const { done, value } = await reader.read();
    if (done) break;
    out.push(value);
  }
  return out;
}

/** The reply text the chunk events carry. */
export function textOf(events: SseEvent[]): string {
  return events
    .filter((e) => e.event === 'chunk')
    .map((e) => {
      const chunk = JSON.parse(e.data) as {
        candidates?: { content?: { parts?: { text?: string }[] } }[];
      };
      return (chunk.candidates?.[0]?.content?.parts ?? []).map((p) => p.text ?? '').join('');
    })
    .join('');
}

/** Polls `check` until it holds (no fixed sleeps: the machine may be slow). */
export async function waitFor(check: () => Promise<boolean> | boolean, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('waitFor: condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
