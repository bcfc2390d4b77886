import { SessionBusyError, SessionConflictError, type SessionStore } from '@colloquy/chat-core';
import { expect, it } from 'vitest';
import {
  LEASE_MS,
  type StoreCaseContext,
  sendTurn,
  textTurn,
  uniqueId,
  userText,
} from './store-case-context';

/** Compare-and-set, idempotent retries, one pending turn per session, concurrent writers. */
export function registerWriteRaceCases(context: StoreCaseContext): void {
  const { clock } = context;

  it('refuses a write from a stale version with SessionConflictError and changes nothing', async () => {
    const under = await context.open();
    const a = under.store;
    const b = await context.connect(under);
    const sessionId = uniqueId('cas');
    await sendTurn(a, sessionId, 't1', 'one', 'One.');
    const seenByB = await b.load(sessionId);
    await sendTurn(a, sessionId, 't2', 'two', 'Two.');
    const before = await a.load(sessionId);

    const error = await b
      .beginTurn({
        sessionId,
        expectedVersion: seenByB?.head.version ?? -1,
        turnId: 'b1',
        contents: [userText('from b')],
      })
      .catch((e) => e);
    expect(SessionConflictError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      sessionId,
      expectedVersion: seenByB?.head.version,
      actualVersion: before?.head.version,
    });
    expect(error.message).toContain(sessionId);
    expect(await a.load(sessionId)).toEqual(before);
  });

  it('lets exactly one of two writers create the same session id', async () => {
    const under = await context.open();
    const stores = [under.store, await context.connect(under)];
    const sessionId = uniqueId('create-race');
    const results = await Promise.allSettled(
      stores.map((store, i) =>
        store.beginTurn({
          sessionId,
          expectedVersion: 0,
          turnId: `first-${i}`,
          contents: [userText(`hello from ${i}`)],
          session: { ownerId: `owner-${i}`, model: 'm' },
        }),
      ),
    );
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r) => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(SessionConflictError.isInstance((lost[0] as PromiseRejectedResult).reason)).toBe(true);
    const winner = results.findIndex((r) => r.status === 'fulfilled');
    const loaded = await under.store.load(sessionId);
    expect(loaded?.head.ownerId).toBe(`owner-${winner}`);
    expect(loaded?.pending?.turnId).toBe(`first-${winner}`);
  });

  it('makes a retried commit, or a retried begin, a no-op: never a duplicate turn', async () => {
    const { store } = await context.open();
    const sessionId = uniqueId('idempotent');
    const began = await store.beginTurn({
      sessionId,
      expectedVersion: 0,
      turnId: 't1',
      contents: [userText('hi')],
      session: { model: 'm' },
    });
    clock.advance(500);
    const retried = await store.beginTurn({
      sessionId,
      expectedVersion: 0,
      turnId: 't1',
      contents: [userText('hi')],
      session: { model: 'm' },
    });
    expect(retried).toEqual({
      version: began.version,
      seq: 1,
      leaseExpiresAt: clock.now() + LEASE_MS,
    });

    const first = await store.commitTurn({ sessionId, turn: textTurn('t1', 'hi', 'Hello!') });
    const second = await store.commitTurn({ sessionId, turn: textTurn('t1', 'hi', 'Hello!') });
    expect(second).toEqual(first);
    const loaded = await store.load(sessionId);
    expect(loaded?.turns).toHaveLength(1);
    expect(loaded?.head.version).toBe(first.version);

    // A committed turn id cannot start a new turn either.
    const error = await store
      .beginTurn({
        sessionId,
        expectedVersion: first.version,
        turnId: 't1',
        contents: [userText('hi')],
      })
      .catch((e) => e);
    expect(SessionConflictError.isInstance(error)).toBe(true);
    expect((await store.load(sessionId))?.turns).toHaveLength(1);
  });

  it('holds one pending turn per session: a second send gets SessionBusyError until the first ends', async () => {
    const under = await context.open();
    const a = under.store;
    const b = await context.connect(under);
    const sessionId = uniqueId('busy');
    const version = await sendTurn(a, sessionId, 't1', 'one', 'One.');
    const began = await a.beginTurn({
      sessionId,
      expectedVersion: version,
      turnId: 'a2',
      contents: [userText('two')],
    });

    const loadedByB = await b.load(sessionId);
    expect(loadedByB?.pending?.turnId).toBe('a2');
    const error = await b
      .beginTurn({
        sessionId,
        expectedVersion: loadedByB?.head.version ?? -1,
        turnId: 'b2',
        contents: [userText('from b')],
      })
      .catch((e) => e);
    expect(SessionBusyError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ sessionId, leaseExpiresAt: began.leaseExpiresAt });
    expect(error.message).toContain(sessionId);

    const { version: committed } = await a.commitTurn({
      sessionId,
      turn: textTurn('a2', 'two', 'Two.'),
    });
    const retry = await b.beginTurn({
      sessionId,
      expectedVersion: committed,
      turnId: 'b2',
      contents: [userText('from b')],
    });
    expect(retry.seq).toBe(3);
  });

  it('orders turns by seq only, whatever the clock says', async () => {
    const { store } = await context.open();
    const sessionId = uniqueId('order');
    // More than nine turns, so an order by text ("10" < "2") shows; the clock goes backwards.
    for (let i = 1; i <= 12; i += 1) {
      clock.advance(i % 2 === 0 ? -60_000 : 45_000);
      await sendTurn(store, sessionId, `turn-${13 - i}`, `question ${i}`, `answer ${i}`);
    }
    const loaded = await store.load(sessionId);
    expect(loaded?.turns.map((t) => t.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(loaded?.turns.map((t) => t.contents[0]?.parts[0]?.text)).toEqual(
      Array.from({ length: 12 }, (_, i) => `question ${i + 1}`),
    );
  });

  it('ends 4 concurrent writers × 25 sends on one session with every turn exactly once', async () => {
    const under = await context.open();
    const writers: SessionStore[] = [under.store];
    for (let i = 1; i < 4; i += 1) writers.push(await context.connect(under));
    const sessionId = uniqueId('race');
    await under.store.create({ sessionId, model: 'm' });

    await Promise.all(
      writers.map(async (store, w) => {
        for (let n = 0; n < 25; n += 1) {
          const turnId = `w${w}-n${n}`;
          for (let attempt = 0; ; attempt += 1) {
            if (attempt > 2_000) throw new Error(`${turnId} never got the session`);
            try {
              const loaded = await store.load(sessionId);
              await store.beginTurn({
                sessionId,
                expectedVersion: loaded?.head.version ?? -1,
                turnId,
                contents: [userText(turnId)],
              });
              await store.checkpoint({ sessionId, turnId, contents: [userText(turnId)] });
              await store.commitTurn({ sessionId, turn: textTurn(turnId, turnId, `re ${turnId}`) });
              break;
            } catch (error) {
              if (!SessionBusyError.isInstance(error) && !SessionConflictError.isInstance(error)) {
                throw error;
              }
              await new Promise((resolve) => setTimeout(resolve, Math.random() * 4));
            }
          }
        }
      }),
    );

    const loaded = await under.store.load(sessionId);
    const turns = loaded?.turns ?? [];
    expect(turns).toHaveLength(100);
    expect(turns.map((t) => t.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(new Set(turns.map((t) => t.turnId)).size).toBe(100);
    for (const turn of turns) {
      expect(turn.contents).toEqual(
        textTurn(turn.turnId, turn.turnId, `re ${turn.turnId}`).contents,
      );
    }
    // Each writer's sends are in its own order.
    for (let w = 0; w < 4; w += 1) {
      const mine = turns.filter((t) => t.turnId.startsWith(`w${w}-`)).map((t) => t.turnId);
      expect(mine).toEqual(Array.from({ length: 25 }, (_, n) => `w${w}-n${n}`));
    }
    // Every connection reads the same session.
    for (const store of writers) expect(await store.load(sessionId)).toEqual(loaded);
  }, 60_000);
}
