import { SessionNotFoundError } from '@colloquy/chat-core';
import { expect, it } from 'vitest';
import { type StoreCaseContext, sendTurn, uniqueId, userText } from './store-case-context';

/** Listing an owner's sessions, forking, erasing an owner. */
export function registerOwnerCases(context: StoreCaseContext): void {
  it('lists an owner’s sessions in id order, page by page with a cursor', async () => {
    const { store } = await context.open();
    const owner = uniqueId('owner');
    const ids: string[] = [];
    for (let i = 0; i < 7; i += 1) {
      ids.push(
        (await store.create({ sessionId: uniqueId(`list-${i}`), ownerId: owner, model: 'm' })).id,
      );
    }
    await store.create({
      sessionId: uniqueId('list-other'),
      ownerId: uniqueId('owner'),
      model: 'm',
    });
    await store.create({ sessionId: uniqueId('list-none'), model: 'm' });

    const seen: string[] = [];
    let cursor: string | undefined;
    const pages: number[] = [];
    do {
      const page = await store.list({ ownerId: owner, limit: 3, cursor });
      for (const head of page.sessions) expect(head.ownerId).toBe(owner);
      pages.push(page.sessions.length);
      seen.push(...page.sessions.map((s) => s.id));
      cursor = page.cursor;
    } while (cursor !== undefined && pages.length < 10);
    expect(pages.slice(0, 3)).toEqual([3, 3, 1]);
    expect(seen).toEqual([...ids].sort());
    const all = await store.list({ ownerId: owner });
    expect(all.sessions.map((s) => s.id)).toEqual([...ids].sort());
    expect(all.cursor).toBeUndefined();
    expect(all.sessions[0]).toEqual((await store.load(all.sessions[0]?.id ?? ''))?.head);
    expect(await store.list({ ownerId: uniqueId('nobody') })).toEqual({ sessions: [] });
  });

  it('forks a session at a turn: a new session with copies of the first turns', async () => {
    const { store } = await context.open();
    const source = uniqueId('fork-source');
    await store.create({
      sessionId: source,
      ownerId: 'owner-fork',
      model: 'm',
      config: { temperature: 0.5 },
      metadata: { topic: 'tides' },
    });
    for (let i = 1; i <= 3; i += 1) await sendTurn(store, source, `t${i}`, `q${i}`, `a${i}`);
    const before = await store.load(source);

    const forkId = await store.fork(source, { atTurn: 2 });
    expect(forkId).not.toBe(source);
    const fork = await store.load(forkId);
    expect(fork?.head).toMatchObject({
      id: forkId,
      ownerId: 'owner-fork',
      model: 'm',
      turnCount: 2,
      forkedFrom: { sessionId: source, atTurn: 2 },
    });
    expect(fork?.head.config).toEqual({ temperature: 0.5 });
    expect(fork?.head.metadata).toEqual({ topic: 'tides' });
    expect(fork?.turns).toEqual(before?.turns.slice(0, 2));

    // The two go their own ways.
    await sendTurn(store, forkId, 'f3', 'fork q3', 'fork a3');
    expect(await store.load(source)).toEqual(before);
    expect((await store.load(forkId))?.turns.map((t) => t.turnId)).toEqual(['t1', 't2', 'f3']);

    const named = await store.fork(source, {
      atTurn: 0,
      sessionId: uniqueId('fork-named'),
      ownerId: 'owner-2',
    });
    expect((await store.load(named))?.head).toMatchObject({ ownerId: 'owner-2', turnCount: 0 });
    await expect(store.fork(source, { atTurn: 4 })).rejects.toThrow(RangeError);
    const missing = await store.fork(uniqueId('missing'), { atTurn: 0 }).catch((e) => e);
    expect(SessionNotFoundError.isInstance(missing)).toBe(true);
  });

  it('eraseOwner removes every session of the owner and leaves nothing about them', async () => {
    const under = await context.open();
    const { store } = under;
    const owner = uniqueId('erase-owner');
    const keep = uniqueId('keep-owner');
    const mine: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const sessionId = uniqueId('erase');
      mine.push(sessionId);
      await store.create({
        sessionId,
        ownerId: owner,
        model: 'm',
        metadata: { note: `secret-${owner}` },
      });
      await sendTurn(store, sessionId, `t-${sessionId}`, `private words of ${owner}`, 'noted');
    }
    const pendingId = mine[0] ?? '';
    const loaded = await store.load(pendingId);
    await store.beginTurn({
      sessionId: pendingId,
      expectedVersion: loaded?.head.version ?? -1,
      turnId: 'in-flight',
      contents: [userText(`more private words of ${owner}`)],
    });
    const forkId = await store.fork(mine[1] ?? '', { atTurn: 1 });
    mine.push(forkId);
    const kept = uniqueId('kept');
    await store.create({ sessionId: kept, ownerId: keep, model: 'm' });
    await sendTurn(store, kept, 'k1', 'hello', 'hi');

    expect(await store.eraseOwner(owner)).toBe(4);
    for (const sessionId of mine) expect(await store.load(sessionId)).toBeUndefined();
    expect((await store.list({ ownerId: owner })).sessions).toEqual([]);
    const dump = await under.dump();
    expect(dump).not.toContain(owner);
    for (const sessionId of mine) expect(dump).not.toContain(sessionId);
    expect((await store.load(kept))?.turns).toHaveLength(1);
    expect(await store.eraseOwner(owner)).toBe(0);

    await store.delete(kept);
    expect(await under.dump()).not.toContain(kept);
  });
}
