import { AsyncChats, type AsyncModels, Chats, type Content } from '@colloquy/chat-core';
import type { ProviderName } from '@colloquy/test-server';
import { emulations, type FakeServerThread, startFakeServerThread } from '@colloquy/test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapters, type ClosableModels } from '../harness/adapters';
import { canaryKeys } from '../harness/canary-keys';
import { collectUnhandledRejections } from '../harness/unhandled-rejections';
import { MATRIX_SETTINGS } from './matrix-settings';

// What the caller does with a stream, rather than what the network does: a consumer slower
// than the idle timeout, a `break`, an abort mid-stream.

const unhandled = collectUnhandledRejections();
const TEXT = 'alpha beta gamma delta';
const CHUNKS = ['alpha ', 'beta ', 'gamma ', 'delta'];
/** Two text events are enough for a slow consumer: every pause is longer than the idle timeout. */
const SLOW_CHUNKS = ['alpha beta ', 'gamma delta'];
/** Longer than the idle timeout: a consumer this slow must not be mistaken for a silent server. */
const PAUSE_MS = MATRIX_SETTINGS.idleTimeout + 150;

let host: FakeServerThread;
const asyncModels = new Map<ProviderName, AsyncModels>();
const syncModels = new Map<ProviderName, ClosableModels>();

beforeAll(async () => {
  host = await startFakeServerThread(
    Object.fromEntries(adapters.map((a) => [a.name, { apiKey: canaryKeys[a.name] }])),
  );
  for (const adapter of adapters) {
    const settings = {
      ...MATRIX_SETTINGS,
      apiKey: canaryKeys[adapter.name],
      baseUrl: host.baseUrlFor(adapter.name),
    };
    asyncModels.set(adapter.name, adapter.createAsync(settings));
    syncModels.set(adapter.name, adapter.createSync(settings));
  }
});
afterAll(async () => {
  for (const models of syncModels.values()) models.close?.();
  await host?.close();
  expect(unhandled.reasons).toEqual([]);
});

const textOf = (content: Content | undefined) =>
  (content?.parts ?? []).map((part) => part.text ?? '').join('');

function blockFor(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

describe.each(adapters)('$name', (adapter) => {
  const asyncChat = () =>
    new AsyncChats(asyncModels.get(adapter.name) as AsyncModels).create({ model: adapter.model });
  const syncChat = () =>
    new Chats(syncModels.get(adapter.name) as ClosableModels).create({ model: adapter.model });

  it('async: a consumer pausing longer than idleTimeout between chunks still gets the whole reply', async () => {
    await host.reset();
    await host.enqueue(adapter.name, { text: TEXT, chunks: SLOW_CHUNKS });
    const chat = asyncChat();
    let text = '';
    for await (const chunk of await chat.sendMessageStream('slowly')) {
      text += chunk.text ?? '';
      await new Promise((resolve) => setTimeout(resolve, PAUSE_MS));
    }
    expect(text).toBe(TEXT);
    expect(chat.getTurns().map((turn) => turn.status)).toEqual(['complete']);
  });

  it('sync: a loop body blocking longer than idleTimeout still gets the whole reply', async () => {
    await host.reset();
    await host.enqueue(adapter.name, { text: TEXT, chunks: SLOW_CHUNKS });
    const chat = syncChat();
    let text = '';
    for (const chunk of chat.sendMessageStream('slowly')) {
      text += chunk.text ?? '';
      blockFor(PAUSE_MS);
    }
    expect(text).toBe(TEXT);
    expect(chat.getTurns().map((turn) => turn.status)).toEqual(['complete']);
  });

  it.each(['async', 'sync'] as const)(
    '%s: break after the first chunk records an abandoned turn, and the chat goes on',
    async (mode) => {
      await host.reset();
      await host.enqueue(adapter.name, { text: TEXT, chunks: CHUNKS });
      let seen = '';
      let history: () => Content[];
      let turns: () => Array<{ status: string; reason?: string }>;
      let next: (message: string) => Promise<string>;
      if (mode === 'async') {
        const chat = asyncChat();
        for await (const chunk of await chat.sendMessageStream('then stop')) {
          seen = chunk.text ?? '';
          break;
        }
        history = () => chat.getHistory(true);
        turns = () => chat.getTurns();
        next = async (message) => (await chat.sendMessage(message)).text ?? '';
      } else {
        const chat = syncChat();
        for (const chunk of chat.sendMessageStream('then stop')) {
          seen = chunk.text ?? '';
          break;
        }
        history = () => chat.getHistory(true);
        turns = () => chat.getTurns();
        next = async (message) => chat.sendMessage(message).text ?? '';
      }
      expect(seen).not.toBe('');
      expect(turns().map((turn) => [turn.status, turn.reason])).toEqual([
        ['interrupted', 'abandoned'],
      ]);
      expect(history()).toEqual([]);
      expect(await next('again')).toBe('Echo: again');
      const requests = await host.requests(adapter.name);
      expect(
        requests
          .at(-1)
          ?.parsed?.messages.filter((m) => m.role !== 'system')
          .map((m) => m.text),
      ).toEqual(['again']);
    },
  );

  it('async: an abort mid-stream gives AbortError and an interrupted turn; the next send works', async () => {
    await host.reset();
    await host.enqueue(adapter.name, {
      fault: 'stall-mid-stream',
      text: TEXT,
      chunks: CHUNKS,
      afterEvents: emulations[adapter.name].preambleEvents + 1,
      stallMs: 200,
    });
    const chat = asyncChat();
    const controller = new AbortController();
    let text = '';
    let error: unknown;
    try {
      const stream = await chat.sendMessageStream({
        message: 'abort me',
        config: { abortSignal: controller.signal },
      });
      for await (const chunk of stream) {
        text += chunk.text ?? '';
        controller.abort(new Error('user pressed Ctrl-C'));
      }
    } catch (caught) {
      error = caught;
    }
    expect((error as Error | undefined)?.name).toBe('AbortError');
    expect(text).toBe('alpha ');
    const [turn] = chat.getTurns();
    expect(turn?.status).toBe('interrupted');
    expect(textOf(turn?.contents[1])).toBe('alpha ');
    expect(chat.getHistory(true)).toEqual([]);
    expect((await chat.sendMessage('after the abort')).text).toBe('Echo: after the abort');
  });
});
