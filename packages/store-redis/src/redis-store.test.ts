import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { SessionStoreUnavailableError, type TurnInput } from '@colloquy/chat-core';
import { describeStoreConformance } from '@colloquy/conformance';
import { startTcpProxy } from '@colloquy/test-server';
import { createClient } from 'redis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisStore } from './create-redis-store';

const url = process.env.COLLOQUY_REDIS_URL ?? 'redis://127.0.0.1:6379';

const admin = createClient({
  url,
  socket: { connectTimeout: 3_000, reconnectStrategy: false },
});
admin.on('error', () => {});
const available = await admin.connect().then(
  () => true,
  () => false,
);
if (!available) {
  const hint = `Redis is not reachable at ${url}: start it (redis-server --daemonize yes) or set COLLOQUY_REDIS_URL.`;
  if (process.env.CI === 'true') throw new Error(hint);
  console.warn(`Skipping the Redis store tests. ${hint}`);
}
afterAll(async () => {
  if (admin.isOpen) await admin.close();
});

// Each case writes under its own prefix, scanned and deleted afterwards.
const freshPrefix = () => `colloquy-test:${randomBytes(6).toString('hex')}:`;

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of admin.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    keys.push(...batch);
  }
  return keys;
}

async function dropPrefix(prefix: string): Promise<void> {
  const keys = await keysUnder(prefix);
  if (keys.length > 0) await admin.del(keys);
}

async function dumpPrefix(prefix: string): Promise<string> {
  const out: unknown[] = [];
  for (const key of (await keysUnder(prefix)).sort()) {
    const type = await admin.type(key);
    const value =
      type === 'hash'
        ? await admin.hGetAll(key)
        : type === 'list'
          ? await admin.lRange(key, 0, -1)
          : type === 'zset'
            ? await admin.zRange(key, 0, -1)
            : await admin.get(key);
    out.push(key, value);
  }
  return JSON.stringify(out);
}

const describeServer = available ? describe : describe.skip;

if (available) {
  describeStoreConformance(
    (options) => {
      const keyPrefix = freshPrefix();
      const open = () => createRedisStore({ ...options, url, keyPrefix });
      return {
        store: open(),
        connect: open,
        async corrupt(sessionId) {
          await admin.lSet(`${keyPrefix}t:${sessionId}`, 0, '{"status":');
        },
        dump: () => dumpPrefix(keyPrefix),
        cleanup: () => dropPrefix(keyPrefix),
        childOptions: { url, keyPrefix },
      };
    },
    {
      name: 'redis',
      processes: {
        module: join(import.meta.dirname, '../dist/index.js'),
        export: 'createRedisStore',
      },
    },
  );
}

const turn: TurnInput = {
  turnId: 't1',
  status: 'complete',
  contents: [
    { role: 'user', parts: [{ text: 'hi' }] },
    { role: 'model', parts: [{ text: 'Hello!' }] },
  ],
};

describeServer('createRedisStore against a real server', () => {
  it('keeps every key under its prefix, and expires keys with ttlMs', async () => {
    const keyPrefix = freshPrefix();
    const store = createRedisStore({ url, keyPrefix, ttlMs: 60_000 });
    try {
      await store.beginTurn({
        sessionId: 's',
        expectedVersion: 0,
        turnId: 't1',
        contents: turn.contents.slice(0, 1),
        session: { ownerId: 'o', model: 'm' },
      });
      await store.commitTurn({ sessionId: 's', turn });
      expect((await keysUnder(keyPrefix)).sort()).toEqual(
        ['expiry', 'i:s', 'o:o', 's:s', 't:s'].map((key) => keyPrefix + key),
      );
      for (const key of ['s:s', 't:s', 'i:s']) {
        const ttl = await admin.pTTL(keyPrefix + key);
        expect(ttl).toBeGreaterThan(50_000);
        expect(ttl).toBeLessThanOrEqual(60_000);
      }
    } finally {
      await store.close();
      await dropPrefix(keyPrefix);
    }
  });

  it('reports an unreachable server as SessionStoreUnavailableError', async () => {
    const store = createRedisStore({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 1_000 });
    const error = await store.load('x').catch((e) => e);
    expect(SessionStoreUnavailableError.isInstance(error)).toBe(true);
    expect(error.message).toMatch(/^Could not reach the redis session store/);
    await store.close();
  });

  it('survives the server going away mid-session: typed errors, nothing half-written, then recovery', async () => {
    const keyPrefix = freshPrefix();
    const target = new URL(url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const store = createRedisStore({ url: proxied.toString(), keyPrefix, connectTimeoutMs: 1_000 });
    const observer = createRedisStore({ url, keyPrefix });
    try {
      await store.beginTurn({
        sessionId: 's',
        expectedVersion: 0,
        turnId: 't1',
        contents: turn.contents.slice(0, 1),
        session: { model: 'm' },
      });
      const before = await observer.load('s');

      // The commit leaves, the server never hears it, and the connection drops.
      proxy.hold();
      const commit = store.commitTurn({ sessionId: 's', turn }).catch((e) => e);
      await new Promise((resolve) => setTimeout(resolve, 50));
      await proxy.cut();
      const error = await commit;
      expect(SessionStoreUnavailableError.isInstance(error)).toBe(true);
      expect(await observer.load('s')).toEqual(before);

      // While the server is away, calls fail fast with the same typed error.
      const down = await store.load('s').catch((e) => e);
      expect(SessionStoreUnavailableError.isInstance(down)).toBe(true);

      // Back again: the same store reconnects, and the retried commit lands once.
      await proxy.restore();
      const retried = await store.commitTurn({ sessionId: 's', turn });
      expect(retried.turn.seq).toBe(1);
      expect(await store.commitTurn({ sessionId: 's', turn })).toEqual(retried);
      expect((await observer.load('s'))?.turns).toEqual([{ ...turn, seq: 1 }]);
    } finally {
      await store.close();
      await observer.close();
      await proxy.close();
      await dropPrefix(keyPrefix);
    }
  });
});
