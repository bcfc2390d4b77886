import { describe, expect, it } from 'vitest';
import { SessionBusyError } from '../errors/session-busy-error';
import { SessionConflictError } from '../errors/session-conflict-error';
import { SessionCorruptError } from '../errors/session-corrupt-error';
import { SessionNotFoundError } from '../errors/session-not-found-error';
import { SessionStoreUnavailableError } from '../errors/session-store-unavailable-error';
import type { Content } from '../types/content';
import { createMemoryStore } from './create-memory-store';

// The shared guarantees are proved by @colloquy/conformance's describeStoreConformance; these
// are what is particular to the memory store.
describe('createMemoryStore', () => {
  it('never shares objects with its callers: writes and loads are copies', async () => {
    const store = createMemoryStore();
    const contents: Content[] = [{ role: 'user', parts: [{ text: 'hi' }] }];
    await store.beginTurn({
      sessionId: 's',
      expectedVersion: 0,
      turnId: 't',
      contents,
      session: { model: 'm', metadata: { a: 1 } },
    });
    contents.push({ role: 'model', parts: [{ text: 'changed after the write' }] });
    const loaded = await store.load('s');
    expect(loaded?.pending?.contents).toHaveLength(1);
    loaded?.pending?.contents.push({ role: 'model', parts: [] });
    (loaded?.head.metadata as { a: number }).a = 2;
    const again = await store.load('s');
    expect(again?.pending?.contents).toHaveLength(1);
    expect(again?.head.metadata).toEqual({ a: 1 });
  });

  it('keeps its data as JSON text in the map it is given', async () => {
    const map = new Map<string, string>();
    const store = createMemoryStore({ map, leaseMs: 5_000, checkpointMs: 250 });
    expect(store).toMatchObject({ leaseMs: 5_000, checkpointMs: 250 });
    await store.create({ sessionId: 's', model: 'm' });
    expect(JSON.parse(map.get('s:s') ?? 'null')).toMatchObject({ head: { id: 's', version: 1 } });
    map.set('s:s', 'not json');
    const error = await store.load('s').catch((e) => e);
    expect(SessionCorruptError.isInstance(error)).toBe(true);
    expect(error.message).toBe(
      'Session "s" holds data that does not decode (key s:s). Other sessions are unaffected; restore this one from a backup or delete it.',
    );
  });

  it('defaults to a 30 s lease and 1 s checkpoints', () => {
    expect(createMemoryStore()).toMatchObject({ leaseMs: 30_000, checkpointMs: 1_000 });
  });
});

describe('session store errors', () => {
  it('say what happened and what to do, with their fields', () => {
    const conflict = new SessionConflictError({
      sessionId: 's1',
      expectedVersion: 3,
      actualVersion: 5,
    });
    expect(conflict.message).toBe(
      'Session "s1" changed since it was loaded (version 3 expected, 5 stored); nothing was written. Load it again and retry.',
    );
    expect(conflict).toMatchObject({
      name: 'SessionConflictError',
      expectedVersion: 3,
      actualVersion: 5,
    });
    const busy = new SessionBusyError({ sessionId: 's1', leaseExpiresAt: Date.UTC(2026, 0, 1) });
    expect(busy.message).toBe(
      'Session "s1" has a turn in progress in another chat (its lease runs until 2026-01-01T00:00:00.000Z). Retry once that turn ends, or create the chat with onBusy: \'wait\'.',
    );
    expect(new SessionNotFoundError({ sessionId: 's1' }).message).toMatch(
      /^Session "s1" is not in the store/,
    );
    const unavailable = new SessionStoreUnavailableError({
      store: 'redis',
      cause: new Error('connect ECONNREFUSED 127.0.0.1:6379'),
    });
    expect(unavailable.message).toBe(
      'Could not reach the redis session store (connect ECONNREFUSED 127.0.0.1:6379). Check that the server is running and the connection options, then retry: each write happens whole or not at all.',
    );
    expect(SessionStoreUnavailableError.isInstance(unavailable)).toBe(true);
  });
});
