import { SessionBusyError, SessionConflictError, SessionCorruptError } from '@colloquy/chat-core';
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

/** Dead writers (expired leases), TTL expiry and corrupt data. */
export function registerRecoveryCases(context: StoreCaseContext): void {
  const { clock } = context;

  it('records a pending turn whose lease expired as interrupted with its last checkpoint, on load', async () => {
    const under = await context.open();
    const sessionId = uniqueId('lease');
    const version = await sendTurn(under.store, sessionId, 't1', 'one', 'One.');
    await under.store.beginTurn({
      sessionId,
      expectedVersion: version,
      turnId: 't2',
      contents: [userText('tell me a story')],
    });
    const partial = [userText('tell me a story'), modelText('Once upon a')];
    await under.store.checkpoint({ sessionId, turnId: 't2', contents: partial });
    // The writer dies here. Until its lease runs out, the session stays busy.
    const other = await context.connect(under);
    clock.advance(LEASE_MS - 1);
    const stillBusy = await other.load(sessionId);
    expect(stillBusy?.pending?.turnId).toBe('t2');

    clock.advance(1);
    const loaded = await other.load(sessionId);
    expect(loaded?.pending).toBeUndefined();
    expect(loaded?.turns).toHaveLength(2);
    expect(loaded?.turns[1]).toEqual({
      turnId: 't2',
      seq: 2,
      status: 'interrupted',
      contents: partial,
      reason: expect.stringContaining('lease expired'),
    });
    expect(loaded?.head.version).toBeGreaterThan(
      stillBusy?.head.version ?? Number.POSITIVE_INFINITY,
    );

    // The chat goes on from the recovered version.
    const next = await other.beginTurn({
      sessionId,
      expectedVersion: loaded?.head.version ?? -1,
      turnId: 't3',
      contents: [userText('go on')],
    });
    expect(next.seq).toBe(3);

    // The dead writer, back from a pause, has lost its turn: nothing it writes lands.
    for (const write of [
      () => under.store.checkpoint({ sessionId, turnId: 't2', contents: partial }),
      () => under.store.commitTurn({ sessionId, turn: textTurn('t2', 'tell me a story', 'Done.') }),
    ]) {
      const error = await write().catch((e) => e);
      expect(SessionConflictError.isInstance(error)).toBe(true);
      expect(error.message).toContain(sessionId);
    }
    const final = await other.load(sessionId);
    expect(final?.turns[1]?.status).toBe('interrupted');
    expect(final?.pending?.turnId).toBe('t3');
  });

  it('renews the lease with each checkpoint', async () => {
    const { store } = await context.open();
    const sessionId = uniqueId('renew');
    await store.beginTurn({
      sessionId,
      expectedVersion: 0,
      turnId: 't1',
      contents: [userText('long answer please')],
      session: { model: 'm' },
    });
    for (let i = 0; i < 3; i += 1) {
      clock.advance(LEASE_MS - 1_000);
      await store.checkpoint({
        sessionId,
        turnId: 't1',
        contents: [userText('long answer please'), modelText('x'.repeat(i + 1))],
      });
    }
    clock.advance(LEASE_MS - 1_000);
    const loaded = await store.load(sessionId);
    expect(loaded?.pending?.turnId).toBe('t1');
    const error = await store
      .beginTurn({
        sessionId,
        expectedVersion: loaded?.head.version ?? -1,
        turnId: 't2',
        contents: [userText('me too')],
      })
      .catch((e) => e);
    expect(SessionBusyError.isInstance(error)).toBe(true);
    const { turn } = await store.commitTurn({
      sessionId,
      turn: textTurn('t1', 'long answer please', 'xxxx'),
    });
    expect(turn.status).toBe('complete');
  });

  it('recoverExpired records every expired lease as interrupted and leaves live ones', async () => {
    const { store } = await context.open();
    const dead = [uniqueId('dead'), uniqueId('dead')];
    const alive = uniqueId('alive');
    for (const sessionId of dead) {
      await store.beginTurn({
        sessionId,
        expectedVersion: 0,
        turnId: 't1',
        contents: [userText(`question in ${sessionId}`)],
        session: { model: 'm' },
      });
      await store.checkpoint({
        sessionId,
        turnId: 't1',
        contents: [userText(`question in ${sessionId}`), modelText('partial')],
      });
    }
    clock.advance(LEASE_MS + 1);
    await store.beginTurn({
      sessionId: alive,
      expectedVersion: 0,
      turnId: 't1',
      contents: [userText('fresh')],
      session: { model: 'm' },
    });

    expect(await store.recoverExpired()).toEqual({ interrupted: 2, expired: 0 });
    expect(await store.recoverExpired()).toEqual({ interrupted: 0, expired: 0 });
    for (const sessionId of dead) {
      const loaded = await store.load(sessionId);
      expect(loaded?.pending).toBeUndefined();
      expect(loaded?.turns).toEqual([
        {
          turnId: 't1',
          seq: 1,
          status: 'interrupted',
          contents: [userText(`question in ${sessionId}`), modelText('partial')],
          reason: expect.stringContaining('lease expired'),
        },
      ]);
    }
    expect((await store.load(alive))?.pending?.turnId).toBe('t1');
  });

  it('expires a session ttlMs after its last write (sliding), and recoverExpired removes such sessions', async () => {
    const ttlMs = 60_000;
    const { store } = await context.open({ ttlMs });
    const sessionId = uniqueId('ttl');
    const created = await store.create({ sessionId, ownerId: 'owner-ttl', model: 'm' });
    expect(created.expiresAt).toBe(clock.now() + ttlMs);

    clock.advance(40_000);
    await sendTurn(store, sessionId, 't1', 'still here?', 'Yes.');
    clock.advance(40_000); // 80 s after creation, 40 s after the last write
    const loaded = await store.load(sessionId);
    expect(loaded?.turns).toHaveLength(1);
    expect(loaded?.head.expiresAt).toBe(clock.now() - 40_000 + ttlMs);

    clock.advance(20_000);
    expect(await store.load(sessionId)).toBeUndefined();
    expect((await store.list({ ownerId: 'owner-ttl' })).sessions).toEqual([]);

    const swept = uniqueId('ttl-swept');
    await store.create({ sessionId: swept, model: 'm' });
    clock.advance(ttlMs);
    expect((await store.recoverExpired()).expired).toBeGreaterThanOrEqual(1);
    expect(await store.load(swept)).toBeUndefined();
    // An expired id can be used again.
    expect((await store.create({ sessionId: swept, model: 'm' })).version).toBe(1);
  });

  it('refuses a session whose data does not decode, naming it, while other sessions still work', async () => {
    const under = await context.open();
    const { store } = under;
    const bad = uniqueId('corrupt');
    const good = uniqueId('healthy');
    await sendTurn(store, bad, 't1', 'one', 'One.');
    await store.create({ sessionId: good, ownerId: 'owner-corrupt', model: 'm' });
    await sendTurn(store, good, 't1', 'one', 'One.');
    await under.corrupt(bad);

    const error = await store.load(bad).catch((e) => e);
    expect(SessionCorruptError.isInstance(error)).toBe(true);
    expect(error.sessionId).toBe(bad);
    expect(error.message).toContain(bad);

    expect((await store.load(good))?.turns).toHaveLength(1);
    expect((await store.list({ ownerId: 'owner-corrupt' })).sessions.map((s) => s.id)).toEqual([
      good,
    ]);
    await sendTurn(store, good, 't2', 'two', 'Two.');
    // A corrupt session can still be deleted.
    expect(await store.delete(bad)).toBe(true);
    expect(await store.load(bad)).toBeUndefined();
  });
}
