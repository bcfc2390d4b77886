import { randomBytes } from 'node:crypto';
import { startTcpProxy } from '@colloquy/test-server';
import { createClient } from 'redis';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { StreamLogUnavailableError } from '../errors/stream-log-unavailable-error';
import { describeStreamLogContract } from '../stream-log/stream-log-contract';
import { createRedisStreamLog } from './create-redis-stream-log';

const url = process.env.COLLOQUY_REDIS_URL ?? 'redis://127.0.0.1:6379';

const admin = createClient({ url, socket: { connectTimeout: 3_000, reconnectStrategy: false } });
admin.on('error', () => {});
const available = await admin.connect().then(
  () => true,
  () => false,
);
if (!available) {
  const hint = `Redis is not reachable at ${url}: start it (redis-server --daemonize yes) or set COLLOQUY_REDIS_URL.`;
  if (process.env.CI === 'true') throw new Error(hint);
  console.warn(`Skipping the Redis stream log tests. ${hint}`);
}
afterAll(async () => {
  if (admin.isOpen) await admin.close();
});

// Each case writes under its own prefix (keys and channels), deleted afterwards.
const freshPrefix = () => `colloquy-test:${randomBytes(6).toString('hex')}:`;

async function keysUnder(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const batch of admin.scanIterator({ MATCH: `${prefix}*`, COUNT: 500 })) {
    keys.push(...batch);
  }
  return keys.sort();
}

async function dropPrefix(prefix: string): Promise<void> {
  const keys = await keysUnder(prefix);
  if (keys.length > 0) await admin.del(keys);
}

const describeServer = available ? describe : describe.skip;

if (available) {
  describeStreamLogContract('redis', (options) => {
    const keyPrefix = freshPrefix();
    const open = () => createRedisStreamLog({ ...options, url, keyPrefix });
    return { log: open(), connect: open, cleanup: () => dropPrefix(keyPrefix) };
  });
}

describeServer('createRedisStreamLog against a real server', () => {
  it('keeps every key under its prefix; a running turn expires after runningTtlMs, a finished one after retainMs', async () => {
    const keyPrefix = freshPrefix();
    const log = createRedisStreamLog({ url, keyPrefix, runningTtlMs: 600_000, retainMs: 30_000 });
    try {
      const chunk = { n: 1, event: 'chunk', data: '{}' } as const;
      expect(await log.append('s', 1, chunk)).toBe(true);
      expect(await log.claim('s', 'k', 'pending:1', 120_000)).toBeUndefined();
      const keys = await keysUnder(keyPrefix);
      expect(keys).toEqual(
        [
          `idem:s:${Buffer.from('k').toString('base64url')}`,
          'idems:s',
          'latest:s',
          'stream:s:1',
          'turns:s',
        ].map((key) => keyPrefix + key),
      );
      for (const key of ['stream:s:1', 'latest:s']) {
        expect(await admin.pTTL(keyPrefix + key)).toBeGreaterThan(500_000);
      }
      expect(await log.append('s', 1, { n: 2, event: 'done', data: '{}' })).toBe(true);
      for (const key of ['stream:s:1', 'latest:s']) {
        const ttl = await admin.pTTL(keyPrefix + key);
        expect(ttl).toBeGreaterThan(0);
        expect(ttl).toBeLessThanOrEqual(30_000);
      }
      // The entry ids are the event numbers.
      expect((await admin.xRange(`${keyPrefix}stream:s:1`, '-', '+')).map((e) => e.id)).toEqual([
        '1-1',
        '2-1',
      ]);
      await log.drop('s');
      expect(await keysUnder(keyPrefix)).toEqual([]);
    } finally {
      await log.close();
      await dropPrefix(keyPrefix);
    }
  });

  it('reports an unreachable server as StreamLogUnavailableError, from every operation', async () => {
    // Port 1: nothing listens there.
    const log = createRedisStreamLog({ url: 'redis://127.0.0.1:1', connectTimeoutMs: 1_000 });
    const failures = await Promise.all([
      log.append('s', 1, { n: 1, event: 'chunk', data: '{}' }).catch((e) => e),
      log.latest('s').catch((e) => e),
      log.claim('s', 'k', 'v', 1_000).catch((e) => e),
      log.onCancel('s', 1, () => {}).catch((e) => e),
      (async () => {
        for await (const _ of log.read('s', 1, 0, new AbortController().signal)) {
          // never reached
        }
      })().catch((e) => e),
    ]);
    for (const error of failures) {
      expect(StreamLogUnavailableError.isInstance(error)).toBe(true);
      expect(error.message).toMatch(/^Could not reach the redis stream log/);
    }
    await log.close();
  });

  it('survives the server going away: typed errors meanwhile, nothing half-written, then both connections back', async () => {
    const keyPrefix = freshPrefix();
    const target = new URL(url);
    const proxy = await startTcpProxy({ host: target.hostname, port: Number(target.port || 6379) });
    const proxied = new URL(url);
    proxied.hostname = '127.0.0.1';
    proxied.port = String(proxy.port);
    const log = createRedisStreamLog({
      url: proxied.toString(),
      keyPrefix,
      connectTimeoutMs: 1_000,
    });
    const observer = createRedisStreamLog({ url, keyPrefix });
    const chunk = (n: number) => ({ n, event: 'chunk', data: `{"n":${n}}` }) as const;
    try {
      let cancelled = 0;
      await log.onCancel('s', 1, () => cancelled++);
      expect(await log.append('s', 1, chunk(1))).toBe(true);

      await proxy.cut();
      const down = await log.append('s', 1, chunk(2)).catch((e) => e);
      expect(StreamLogUnavailableError.isInstance(down)).toBe(true);
      expect(await observer.lastEvent('s', 1)).toBe(1);

      await proxy.restore();
      // The same log reconnects by itself: the retried append lands once.
      expect(await log.append('s', 1, chunk(2))).toBe(true);
      expect(await log.append('s', 1, chunk(2))).toBe(false);
      // The subscriber reconnected and subscribed again: a cancel from elsewhere arrives.
      await vi.waitFor(
        async () => {
          await observer.cancel('s', 1);
          expect(cancelled).toBeGreaterThan(0);
        },
        { timeout: 20_000, interval: 200 },
      );
    } finally {
      await log.close();
      await observer.close();
      await proxy.close();
      await dropPrefix(keyPrefix);
    }
  });

  it('fails calls after close with StreamLogUnavailableError', async () => {
    const log = createRedisStreamLog({ url, keyPrefix: freshPrefix() });
    await log.close();
    const error = await log.latest('s').catch((e) => e);
    expect(StreamLogUnavailableError.isInstance(error)).toBe(true);
  });
});
