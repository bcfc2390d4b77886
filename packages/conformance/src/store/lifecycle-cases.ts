import {
  type Content,
  SessionConflictError,
  SessionNotFoundError,
  type TurnInput,
} from '@colloquy/chat-core';
import { expect, it } from 'vitest';
import {
  LEASE_MS,
  modelText,
  type StoreCaseContext,
  sendTurn,
  textTurn,
  uniqueId,
  userText,
} from './store-case-context';

/** Creating, loading, one send from begin to commit, releasing, deleting. */
export function registerLifecycleCases(context: StoreCaseContext): void {
  const { clock } = context;

  it('creates a session at version 1 and loads it back exactly', async () => {
    const { store } = await context.open();
    const sessionId = uniqueId('create');
    const history: TurnInput = {
      turnId: 'h1',
      status: 'history',
      contents: [userText('Earlier question'), modelText('Earlier answer')],
    };
    const head = await store.create({
      sessionId,
      ownerId: 'owner-create',
      model: 'gemini-2.5-flash',
      config: { systemInstruction: 'Be brief.', temperature: 0.2 },
      metadata: { channel: 'web', tags: ['a', 'b'] },
      turns: [history],
    });
    expect(head).toMatchObject({
      id: sessionId,
      ownerId: 'owner-create',
      model: 'gemini-2.5-flash',
      version: 1,
      turnCount: 1,
      createdAt: clock.now(),
      updatedAt: clock.now(),
    });
    const loaded = await store.load(sessionId);
    expect(loaded?.head).toEqual(head);
    expect(loaded?.head.config).toEqual({ systemInstruction: 'Be brief.', temperature: 0.2 });
    expect(loaded?.head.metadata).toEqual({ channel: 'web', tags: ['a', 'b'] });
    expect(loaded?.head.forkedFrom).toBeUndefined();
    expect(loaded?.turns).toEqual([{ ...history, seq: 1 }]);
    expect(loaded?.pending).toBeUndefined();
  });

  it('gives a new session a fresh id when none is given, and refuses an id that is taken', async () => {
    const { store } = await context.open();
    const a = await store.create({ model: 'm' });
    const b = await store.create({ model: 'm' });
    expect(a.id).toEqual(expect.any(String));
    expect(a.id).not.toBe(b.id);
    const error = await store.create({ sessionId: a.id, model: 'other' }).catch((e) => e);
    expect(SessionConflictError.isInstance(error)).toBe(true);
    expect(error.sessionId).toBe(a.id);
    expect((await store.load(a.id))?.head.model).toBe('m');
  });

  it('loads an unknown session as undefined', async () => {
    const { store } = await context.open();
    expect(await store.load(uniqueId('missing'))).toBeUndefined();
  });

  it('keeps every field of a turn exactly, as another connection reads it back', async () => {
    const under = await context.open();
    const { store } = under;
    const sessionId = uniqueId('exact');
    const contents: Content[] = [
      userText('Weather in Zürich? 🌧 "quoted" \\ back\u0000slash\nnew line'),
      {
        role: 'model',
        parts: [
          { text: 'Let me check.', thought: true },
          {
            functionCall: {
              id: 'call_1',
              name: 'get_weather',
              args: { city: 'Zürich', days: [1, 2], nested: { deep: null, flag: false } },
            },
          },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'call_1', name: 'get_weather', response: { tempC: -3.5 } } },
        ],
      },
      { role: 'model', parts: [{ text: 'It is −3.5 °C.' }] },
    ];
    await store.beginTurn({
      sessionId,
      expectedVersion: 0,
      turnId: 't1',
      contents: contents.slice(0, 1),
      session: { model: 'm' },
    });
    const turn: TurnInput = {
      turnId: 't1',
      status: 'complete',
      contents,
      usage: { promptTokenCount: 12, candidatesTokenCount: 7, totalTokenCount: 19 },
      provider: 'gemini',
      model: 'gemini-2.5-flash',
    };
    const committed = await store.commitTurn({ sessionId, turn });
    expect(committed.turn).toEqual({ ...turn, seq: 1 });
    await store.beginTurn({
      sessionId,
      expectedVersion: committed.version,
      turnId: 't2',
      contents: [userText('And tomorrow?')],
    });
    const interrupted: TurnInput = {
      turnId: 't2',
      status: 'interrupted',
      contents: [userText('And tomorrow?'), modelText('Tomor')],
      reason: 'StreamInterruptedError: the connection dropped',
    };
    await store.commitTurn({ sessionId, turn: interrupted });

    const expected = [
      { ...turn, seq: 1 },
      { ...interrupted, seq: 2 },
    ];
    expect((await store.load(sessionId))?.turns).toEqual(expected);
    const other = await context.connect(under);
    const reloaded = await other.load(sessionId);
    expect(reloaded?.turns).toEqual(expected);
    expect(reloaded?.head).toEqual((await store.load(sessionId))?.head);
  });

  it('runs a send: begin (creating the session), checkpoints, commit', async () => {
    const { store } = await context.open();
    const sessionId = uniqueId('send');
    const began = await store.beginTurn({
      sessionId,
      expectedVersion: 0,
      turnId: 't1',
      contents: [userText('hi')],
      session: { ownerId: 'owner-send', model: 'm', config: { temperature: 1 } },
    });
    expect(began).toEqual({
      version: expect.any(Number),
      seq: 1,
      leaseExpiresAt: clock.now() + LEASE_MS,
    });

    const during = await store.load(sessionId);
    expect(during?.head).toMatchObject({
      ownerId: 'owner-send',
      model: 'm',
      version: began.version,
      turnCount: 0,
    });
    expect(during?.head.config).toEqual({ temperature: 1 });
    expect(during?.turns).toEqual([]);
    expect(during?.pending).toEqual({
      turnId: 't1',
      seq: 1,
      contents: [userText('hi')],
      leaseExpiresAt: began.leaseExpiresAt,
    });

    clock.advance(1_000);
    const partial = [userText('hi'), modelText('Hel')];
    const checkpoint = await store.checkpoint({ sessionId, turnId: 't1', contents: partial });
    expect(checkpoint.leaseExpiresAt).toBe(clock.now() + LEASE_MS);
    const mid = await store.load(sessionId);
    expect(mid?.pending?.contents).toEqual(partial);
    expect(mid?.head.version).toBe(began.version);

    const { version, turn } = await store.commitTurn({
      sessionId,
      turn: textTurn('t1', 'hi', 'Hello!'),
    });
    expect(version).toBe(began.version + 1);
    expect(turn).toEqual({ ...textTurn('t1', 'hi', 'Hello!'), seq: 1 });
    const after = await store.load(sessionId);
    expect(after?.pending).toBeUndefined();
    expect(after?.head).toMatchObject({ version, turnCount: 1, updatedAt: clock.now() });
    expect(after?.turns).toEqual([turn]);

    const next = await store.beginTurn({
      sessionId,
      expectedVersion: version,
      turnId: 't2',
      contents: [userText('again')],
    });
    expect(next).toMatchObject({ version: version + 1, seq: 2 });
  });

  it('releases a turn that failed before any output: nothing recorded, the seq is reused', async () => {
    const { store } = await context.open();
    const sessionId = uniqueId('release');
    const version = await sendTurn(store, sessionId, 't1', 'one', 'One.');
    const began = await store.beginTurn({
      sessionId,
      expectedVersion: version,
      turnId: 't2',
      contents: [userText('two')],
    });
    const released = await store.releaseTurn({ sessionId, turnId: 't2' });
    expect(released.version).toBe(began.version + 1);
    // Releasing again, or a turn that is not pending, changes nothing.
    expect(await store.releaseTurn({ sessionId, turnId: 't2' })).toEqual(released);
    const loaded = await store.load(sessionId);
    expect(loaded?.pending).toBeUndefined();
    expect(loaded?.turns.map((t) => t.turnId)).toEqual(['t1']);
    const again = await store.beginTurn({
      sessionId,
      expectedVersion: released.version,
      turnId: 't3',
      contents: [userText('three')],
    });
    expect(again.seq).toBe(2);
  });

  it('deletes a session and its turns; later writes to it are SessionNotFoundError', async () => {
    const { store } = await context.open();
    const sessionId = uniqueId('delete');
    const version = await sendTurn(store, sessionId, 't1', 'one', 'One.');
    await store.beginTurn({
      sessionId,
      expectedVersion: version,
      turnId: 't2',
      contents: [userText('two')],
    });

    expect(await store.delete(sessionId)).toBe(true);
    expect(await store.load(sessionId)).toBeUndefined();
    expect(await store.delete(sessionId)).toBe(false);
    for (const write of [
      () =>
        store.beginTurn({
          sessionId,
          expectedVersion: version,
          turnId: 't3',
          contents: [userText('x')],
        }),
      () => store.checkpoint({ sessionId, turnId: 't2', contents: [userText('two')] }),
      () => store.commitTurn({ sessionId, turn: textTurn('t2', 'two', 'Two.') }),
      () => store.releaseTurn({ sessionId, turnId: 't2' }),
    ]) {
      const error = await write().catch((e) => e);
      expect(SessionNotFoundError.isInstance(error)).toBe(true);
      expect(error.message).toContain(sessionId);
    }
    expect(await store.load(sessionId)).toBeUndefined();
    // The id is free again.
    expect((await store.create({ sessionId, model: 'm' })).version).toBe(1);
  });
}
