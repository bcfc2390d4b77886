import { describe, expect, it } from 'vitest';
import { ServerError } from '../errors/server-error';
import { SessionBusyError } from '../errors/session-busy-error';
import { SessionConflictError } from '../errors/session-conflict-error';
import { SessionNotFoundError } from '../errors/session-not-found-error';
import { SessionStoreUnavailableError } from '../errors/session-store-unavailable-error';
import { createMemoryStore } from '../store/create-memory-store';
import type { SessionStore } from '../store/session-store';
import { chunksOf, scriptedModels, textReply } from '../test-utils/scripted-models';
import { functionTool } from '../tools/function-tool';
import type { Content } from '../types/content';
import { GenerateContentResponse } from '../types/generate-content-response';
import type { AsyncModels } from '../types/models';
import { SPECIFICATION_VERSION } from '../types/specification-version';
import type { AsyncChat } from './async-chat';
import { AsyncChats } from './chats';

const u = (text: string): Content => ({ role: 'user', parts: [{ text }] });
const m = (text: string): Content => ({ role: 'model', parts: [{ text }] });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A transport that answers every request with `reply <n>`, streaming it in slow chunks. */
function slowModels(chunkMs = 0, chunks = 3): AsyncModels & { calls: number } {
  const models = {
    specificationVersion: SPECIFICATION_VERSION,
    calls: 0,
    async generateContent() {
      models.calls += 1;
      await sleep(chunkMs);
      return new GenerateContentResponse(textReply(`reply ${models.calls}`));
    },
    async generateContentStream() {
      models.calls += 1;
      const n = models.calls;
      return (async function* () {
        for (let i = 0; i < chunks; i += 1) {
          await sleep(chunkMs);
          yield new GenerateContentResponse(chunksOf(`r${n}.${i} `)[0] as never);
        }
      })();
    },
  };
  return models;
}

async function expectSameAsStore(chat: AsyncChat, store: SessionStore): Promise<void> {
  const stored = await store.load(chat.sessionId as string);
  const resumed = await new AsyncChats(slowModels(), { store }).resume(chat.sessionId as string);
  expect(chat.getTurns()).toEqual(stored?.turns);
  expect(resumed.getTurns()).toEqual(chat.getTurns());
  expect(resumed.getHistory()).toEqual(chat.getHistory());
  expect(resumed.getHistory(true)).toEqual(chat.getHistory(true));
}

async function drain(stream: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of stream);
}

describe('AsyncChat with a session store', () => {
  it('records which model and provider answered each turn', async () => {
    const store = createMemoryStore();
    const models = Object.assign(slowModels(), { provider: 'acme' });
    const chat = new AsyncChats(models, { store }).create({ model: 'acme-1', sessionId: 's' });
    await chat.sendMessage('hi');
    await drain(await chat.sendMessageStream('again'));
    const turns = (await store.load('s'))?.turns;
    expect(turns?.map((turn) => [turn.provider, turn.model])).toEqual([
      ['acme', 'acme-1'],
      ['acme', 'acme-1'],
    ]);
    expect(chat.getTurns().map((turn) => turn.provider)).toEqual(['acme', 'acme']);
  });

  it('resumes field for field: complete, invalid, interrupted and function-call turns', async () => {
    const store = createMemoryStore();
    const models = scriptedModels(
      { response: textReply('one') },
      {
        response: {
          candidates: [
            {
              content: {
                role: 'model',
                parts: [{ functionCall: { name: 'add', args: { a: 1 } } }],
              },
              finishReason: 'STOP',
              index: 0,
            },
          ],
        },
      },
      { response: { ...textReply('two'), usageMetadata: { totalTokenCount: 7 } } },
      { response: { promptFeedback: { blockReason: 'SAFETY' } } },
      { chunks: chunksOf('par', 'tial'), failAfter: 1, error: new Error('cut') },
      { chunks: chunksOf('str', 'eam') },
    );
    const add = functionTool({
      name: 'add',
      parameters: { type: 'object' },
      handler: (args: { a: number }) => ({ sum: args.a + 1 }),
    });
    const headers = { authorization: 'Bearer secret' };
    const config = {
      temperature: 0.5,
      tools: [add],
      abortSignal: new AbortController().signal,
      httpOptions: { headers },
    };
    const chat = new AsyncChats(models.async, { store }).create({
      model: 'm',
      config,
      history: [u('earlier'), m('answer')],
      sessionId: 's1',
      ownerId: 'o1',
      metadata: { topic: 'x' },
    });
    expect(chat.sessionId).toBe('s1');
    await chat.sendMessage('first');
    await chat.sendMessage('call a tool');
    await chat.sendMessage('blocked');
    await expect(drain(await chat.sendMessageStream('cut off'))).rejects.toThrow('cut');
    await drain(await chat.sendMessageStream('stream'));

    const turns = chat.getTurns();
    expect(turns.map((t) => [t.status, t.seq])).toEqual([
      ['history', 1],
      ['complete', 2],
      ['complete', 3],
      ['invalid', 4],
      ['interrupted', 5],
      ['complete', 6],
    ]);
    expect(turns[2]).toMatchObject({ usage: { totalTokenCount: 7 }, model: 'm' });
    expect(turns[2]?.contents).toHaveLength(4);
    expect(turns[4]).toMatchObject({ reason: 'Error: cut' });
    expect(new Set(turns.map((t) => t.turnId)).size).toBe(6);
    await expectSameAsStore(chat, store);

    const { head } = (await store.load('s1')) ?? {};
    expect(head).toMatchObject({ ownerId: 'o1', metadata: { topic: 'x' }, model: 'm' });
    // The stored config keeps no functions and no secrets.
    expect(head?.config).toEqual({ temperature: 0.5 });
    // Callable tools are given again at resume, merged over the stored config.
    models.push(
      {
        response: {
          candidates: [
            {
              content: {
                role: 'model',
                parts: [{ functionCall: { name: 'add', args: { a: 2 } } }],
              },
              index: 0,
            },
          ],
        },
      },
      { response: textReply('3') },
    );
    const resumed = await new AsyncChats(models.async, { store }).resume('s1', {
      config: { tools: [add] },
    });
    expect(resumed.config).toEqual({ temperature: 0.5, tools: [add] });
    expect((await resumed.sendMessage('again')).text).toBe('3');
    expect(models.requests.at(-1)?.config).toMatchObject({ temperature: 0.5 });
    await expectSameAsStore(resumed, store);
  });

  it('writes the session with its first send, not at create', async () => {
    const store = createMemoryStore();
    const chats = new AsyncChats(slowModels(), { store });
    const chat = chats.create({ model: 'm', sessionId: 'lazy' });
    expect(await store.load('lazy')).toBeUndefined();
    await expect(chats.resume('lazy')).rejects.toBeInstanceOf(SessionNotFoundError);
    await chat.sendMessage('hi');
    expect((await store.load('lazy'))?.turns).toHaveLength(1);
    expect(chats.create({ model: 'm' }).sessionId).toMatch(/^[0-9a-f-]{36}$/);
    await expect(new AsyncChats(slowModels()).resume('lazy')).rejects.toBeInstanceOf(
      SessionNotFoundError,
    );
  });

  it('two chats created with one id: the first send wins, the other gets SessionConflictError and the stored turns', async () => {
    const store = createMemoryStore();
    const models = slowModels();
    const chats = new AsyncChats(models, { store });
    const a = chats.create({ model: 'm', sessionId: 'same' });
    const b = chats.create({ model: 'm', sessionId: 'same', history: [u('mine'), m('lost')] });
    await a.sendMessage('from a');
    const error = await b.sendMessage('from b').catch((e) => e);
    expect(SessionConflictError.isInstance(error)).toBe(true);
    expect(models.calls).toBe(1);
    expect(b.getHistory()).toEqual([u('from a'), m('reply 1')]);
    await b.sendMessage('b again');
    await a.sendMessage('a again').catch((e) => {
      expect(SessionConflictError.isInstance(e)).toBe(true);
    });
    await expectSameAsStore(b, store);
    await expectSameAsStore(a, store);
  });

  it('a busy session fails a send, or with onBusy: wait sends on top of the other turn', async () => {
    const store = createMemoryStore({ checkpointMs: 20 });
    const chats = new AsyncChats(slowModels(30), { store });
    const a = chats.create({ model: 'm', sessionId: 'busy' });
    await a.sendMessage('first');
    const failing = await chats.resume('busy');
    const waiting = await chats.resume('busy', { onBusy: 'wait' });

    const stream = await a.sendMessageStream('long');
    const error = await failing.sendMessage('now').catch((e) => e);
    expect(SessionBusyError.isInstance(error)).toBe(true);
    expect(failing.getTurns()).toHaveLength(1);
    const queued = waiting.sendMessage('after a');
    await drain(stream);
    await queued;
    expect(waiting.getHistory().map((c) => c.parts[0]?.text)).toEqual([
      'first',
      'reply 1',
      'long',
      'r2.0 r2.1 r2.2 ',
      'after a',
      'reply 3',
    ]);
    await expectSameAsStore(waiting, store);
  });

  it('a commit the store refuses fails the send with its error; memory stays as the store says', async () => {
    const memory = createMemoryStore();
    let failCommits = 1;
    const store: SessionStore = {
      ...memory,
      async commitTurn(params) {
        if (failCommits-- > 0) {
          throw new SessionStoreUnavailableError({ store: 'double', cause: new Error('down') });
        }
        return memory.commitTurn(params);
      },
    };
    const chats = new AsyncChats(slowModels(), { store });
    const chat = chats.create({ model: 'm', sessionId: 'f' });
    const error = await chat.sendMessage('lost').catch((e) => e);
    expect(SessionStoreUnavailableError.isInstance(error)).toBe(true);
    expect(chat.getTurns()).toEqual([]);
    // The orphaned pending turn is released and the next send goes on from the store.
    await chat.sendMessage('kept');
    expect(chat.getHistory()).toEqual([u('kept'), m('reply 2')]);
    await expectSameAsStore(chat, store);
  });

  it('a send that fails before output releases its turn and records nothing', async () => {
    const store = createMemoryStore();
    const models = scriptedModels(
      { response: textReply('ok') },
      { error: new ServerError({ message: 'boom', provider: 'mock' }) },
    );
    const chat = new AsyncChats(models.async, { store }).create({ model: 'm', sessionId: 'r' });
    await chat.sendMessage('one');
    await expect(chat.sendMessageStream('two')).rejects.toThrow('boom');
    const stored = await store.load('r');
    expect(stored?.pending).toBeUndefined();
    expect(stored?.turns).toHaveLength(1);
    await expectSameAsStore(chat, store);
  });

  it('checkpoints a streaming turn on a timer, not per chunk', async () => {
    const store = createMemoryStore({ checkpointMs: 50 });
    const checkpoints: Content[][] = [];
    const spy: SessionStore = {
      ...store,
      checkpoint(params) {
        checkpoints.push(params.contents);
        return store.checkpoint(params);
      },
    };
    // 40 chunks 5 ms apart: at least 200 ms, so some checkpoints; about one per 10 chunks.
    const chat = new AsyncChats(slowModels(5, 40), { store: spy }).create({
      model: 'm',
      sessionId: 'c',
    });
    const started = Date.now();
    await drain(await chat.sendMessageStream('go'));
    const elapsed = Date.now() - started;
    expect(checkpoints.length).toBeGreaterThan(0);
    // At most one per 50 ms of streaming, however slow a loaded machine makes the chunks.
    expect(checkpoints.length).toBeLessThanOrEqual(Math.ceil(elapsed / 50) + 1);
    // Each checkpoint holds the input and a prefix of the streamed text.
    const text = chat.getTurns()[0]?.contents[1]?.parts[0]?.text ?? '';
    for (const contents of checkpoints) {
      expect(contents[0]).toEqual(u('go'));
      expect(text.startsWith(contents[1]?.parts[0]?.text ?? '')).toBe(true);
    }
    await expectSameAsStore(chat, store);
  });

  it('a stream abandoned with break is committed as interrupted, its checkpoint in the store meanwhile', async () => {
    const store = createMemoryStore({ checkpointMs: 20 });
    const chat = new AsyncChats(slowModels(25, 10), { store }).create({
      model: 'm',
      sessionId: 'b',
    });
    let seen = 0;
    for await (const _ of await chat.sendMessageStream('go')) {
      seen += 1;
      if (seen === 4) {
        const pending = (await store.load('b'))?.pending;
        expect(pending?.contents[0]).toEqual(u('go'));
        expect('r1.0 r1.1 r1.2 r1.3 ').toContain(pending?.contents[1]?.parts[0]?.text ?? '');
        break;
      }
    }
    const turns = chat.getTurns();
    expect(turns).toMatchObject([{ status: 'interrupted', reason: 'abandoned', seq: 1 }]);
    expect(turns[0]?.contents[1]).toEqual(m('r1.0 r1.1 r1.2 r1.3 '));
    expect((await store.load('b'))?.pending).toBeUndefined();
    await expectSameAsStore(chat, store);
  });

  it('a lost lease fails the stream with SessionConflictError and records nothing', async () => {
    let clock = 0;
    const store = createMemoryStore({ checkpointMs: 15, leaseMs: 1_000, now: () => clock });
    const chat = new AsyncChats(slowModels(20, 6), { store }).create({
      model: 'm',
      sessionId: 'l',
    });
    await chat.sendMessage('first');
    const stream = await chat.sendMessageStream('second');
    // Another process recovers the turn after its lease ran out (the clock jumps).
    clock += 5_000;
    await store.recoverExpired();
    const error = await drain(stream).catch((e) => e);
    expect(SessionConflictError.isInstance(error)).toBe(true);
    const stored = await store.load('l');
    expect(stored?.turns.map((t) => t.status)).toEqual(['complete', 'interrupted']);
    // The next send reloads the recovered turn and goes on.
    await chat.sendMessage('third');
    await expectSameAsStore(chat, store);
    expect(chat.getTurns().map((t) => t.status)).toEqual(['complete', 'interrupted', 'complete']);
  });
});
