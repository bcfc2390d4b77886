import { createHash } from 'node:crypto';
import { ColloquyError } from '@colloquy/chat-core';
import { createClient } from 'redis';
import { StreamGoneError } from '../errors/stream-gone-error';
import { StreamLogUnavailableError } from '../errors/stream-log-unavailable-error';
import type { StreamEvent, StreamLog } from '../stream-log/stream-log';
import type { RedisStreamLogOptions } from './redis-stream-log-options';
import { STREAM_SCRIPTS, type StreamScriptName } from './redis-stream-scripts';

type Client = ReturnType<typeof createClient>;
/** What the `range` script returns for a turn the log holds. */
type RangeReply = [last: number, lastEvent: string, entries: Array<[id: string, fields: string[]]>];

const SHAS = Object.fromEntries(
  Object.entries(STREAM_SCRIPTS).map(([name, script]) => [
    name,
    createHash('sha1').update(script).digest('hex'),
  ]),
) as Record<StreamScriptName, string>;

/** How many events a reader fetches per round trip. */
const BATCH = 512;
/**
 * A waiting reader re-reads this often even without a notification: pub/sub drops messages
 * published while the subscriber connection is reconnecting.
 */
const POLL_MS = 1_000;

/**
 * A stream log in Redis, for any number of server instances: one Redis stream per turn whose
 * entry ids are the event numbers, appended by one Lua script (the number check, the write,
 * the expiry and the notification, atomically). Readers replay with XRANGE and then wait
 * for a notification on one subscriber connection the log shares between its readers and
 * cancel listeners. Connections open on first use and again after a drop; meanwhile calls
 * fail fast with `StreamLogUnavailableError`.
 */
export function createRedisStreamLog(options: RedisStreamLogOptions = {}): StreamLog {
  const url = options.url ?? 'redis://127.0.0.1:6379';
  const prefix = options.keyPrefix ?? 'colloquy:';
  const connectTimeout = options.connectTimeoutMs ?? 5_000;
  const retainMs = options.retainMs ?? 60_000;
  const maxEvents = options.maxEvents ?? 100_000;
  const runningTtlMs = options.runningTtlMs ?? 3_600_000;
  let client: Client | undefined;
  let connecting: Promise<Client> | undefined;
  let subscriber: Client | undefined;
  let subscribing: Promise<Client> | undefined;
  let closed = false;
  /** Wakes every waiting reader (on close, so none waits for its next poll). */
  const sleepers = new Set<() => void>();

  const streamKey = (sessionId: string, turn: number) => `${prefix}stream:${sessionId}:${turn}`;
  const eventChannel = (sessionId: string, turn: number) => `${prefix}event:${sessionId}:${turn}`;
  const cancelChannel = (sessionId: string, turn: number) => `${prefix}cancel:${sessionId}:${turn}`;
  // base64url has no ':', so no session id and key pair can spell another's name.
  const idemKey = (sessionId: string, key: string) =>
    `${prefix}idem:${sessionId}:${Buffer.from(key).toString('base64url')}`;

  function connect(): Promise<Client> {
    if (client?.isReady) return Promise.resolve(client);
    connecting ??= (async () => {
      const fresh = createClient({
        url,
        // Fail fast instead of queueing while disconnected; the next call reconnects.
        disableOfflineQueue: true,
        socket: { connectTimeout, reconnectStrategy: false },
      });
      fresh.on('error', () => {}); // surfaced as the failing call's error
      try {
        await fresh.connect();
        if (closed) throw new Error('The redis stream log was closed while connecting.');
      } catch (error) {
        fresh.destroy();
        throw error;
      }
      client = fresh;
      return fresh;
    })().finally(() => {
      connecting = undefined;
    });
    return connecting;
  }

  function connectSubscriber(): Promise<Client> {
    // Open while reconnecting: node-redis subscribes its channels again once it is back.
    if (subscriber?.isOpen) return Promise.resolve(subscriber);
    subscribing ??= (async () => {
      let up = false;
      const fresh = createClient({
        url,
        disableOfflineQueue: true,
        socket: {
          connectTimeout,
          // A first connection that fails fails the call; one that was up reconnects.
          reconnectStrategy: (retries) =>
            up && !closed ? Math.min(50 * 2 ** Math.min(retries, 6), 2_000) : false,
        },
      });
      fresh.on('error', () => {});
      try {
        await fresh.connect();
        if (closed) throw new Error('The redis stream log was closed while connecting.');
      } catch (error) {
        fresh.destroy();
        throw error;
      }
      up = true;
      subscriber = fresh;
      return fresh;
    })().finally(() => {
      subscribing = undefined;
    });
    return subscribing;
  }

  /** Runs `work` on a connection, any failure that is not ours as `StreamLogUnavailableError`. */
  async function call<T>(work: (redis: Client) => Promise<T>, open = connect): Promise<T> {
    if (closed)
      throw new StreamLogUnavailableError({
        log: 'redis',
        message: 'The redis stream log is closed.',
      });
    try {
      return await work(await open());
    } catch (error) {
      if (ColloquyError.isInstance(error)) throw error;
      throw new StreamLogUnavailableError({ log: 'redis', cause: error });
    }
  }

  function script(name: StreamScriptName, args: Array<string | number>): Promise<unknown> {
    const argv = args.map(String);
    return call(async (redis) => {
      try {
        return await redis.evalSha(SHAS[name], { arguments: argv });
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return await redis.eval(STREAM_SCRIPTS[name], { arguments: argv });
      }
    });
  }

  async function subscribe(channel: string, listener: () => void): Promise<() => Promise<void>> {
    return call(async (redis) => {
      await redis.subscribe(channel, listener);
      return async () => {
        // A connection that is gone has no subscription left to end.
        await redis.unsubscribe(channel, listener).catch(() => {});
      };
    }, connectSubscriber);
  }

  async function* read(
    sessionId: string,
    turn: number,
    after: number,
    signal: AbortSignal,
  ): AsyncGenerator<StreamEvent> {
    const key = streamKey(sessionId, turn);
    let cursor = after;
    let notified = false;
    let wake: (() => void) | undefined;
    const onNotify = () => {
      notified = true;
      wake?.();
    };
    const onAbort = () => wake?.();
    let unsubscribe: (() => Promise<void>) | undefined;
    let subscribed = false;
    signal.addEventListener('abort', onAbort);
    try {
      while (!signal.aborted) {
        notified = false;
        const reply = (await script('range', [key, cursor, BATCH])) as RangeReply | null;
        if (reply === null) throw new StreamGoneError({ sessionId, turn });
        const [, lastEvent, entries] = reply;
        for (const [id, fields] of entries) {
          const n = Number.parseInt(id, 10);
          // The first event after the cursor was trimmed by maxEvents.
          if (n !== cursor + 1) throw new StreamGoneError({ sessionId, turn });
          cursor = n;
          const event = { n, event: fields[1], data: fields[3] } as StreamEvent;
          yield event;
          if (event.event === 'done' || signal.aborted) return;
        }
        if (entries.length > 0) continue;
        if (lastEvent === 'done') return; // read from at or after the turn's done
        if (!subscribed) {
          // Subscribe once caught up, then read again: an append between the read and the
          // subscription is not missed. Without a subscriber, the poll alone carries on.
          subscribed = true;
          unsubscribe = await subscribe(eventChannel(sessionId, turn), onNotify).catch(
            () => undefined,
          );
          continue;
        }
        if (!notified) await sleep();
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      await unsubscribe?.();
    }

    function sleep(): Promise<void> {
      return new Promise((resolve) => {
        const timer = setTimeout(done, POLL_MS);
        sleepers.add(done);
        wake = done;
        function done() {
          clearTimeout(timer);
          sleepers.delete(done);
          wake = undefined;
          resolve();
        }
      });
    }
  }

  return {
    async append(sessionId, turn, event) {
      const appended = await script('append', [
        prefix,
        sessionId,
        turn,
        event.n,
        event.event,
        event.data,
        runningTtlMs,
        retainMs,
        maxEvents,
      ]);
      return appended === 1;
    },

    read,

    async latest(sessionId) {
      const pointer = await call((redis) => redis.hGetAll(`${prefix}latest:${sessionId}`));
      if (pointer.turn === undefined) return undefined;
      return { turn: Number(pointer.turn), finished: pointer.done === '1' };
    },

    async lastEvent(sessionId, turn) {
      const [last] = await call((redis) =>
        redis.xRevRange(streamKey(sessionId, turn), '+', '-', { COUNT: 1 }),
      );
      return last ? Number.parseInt(last.id, 10) : 0;
    },

    async cancel(sessionId, turn) {
      await call((redis) => redis.publish(cancelChannel(sessionId, turn), '1'));
    },

    onCancel(sessionId, turn, listener) {
      return subscribe(cancelChannel(sessionId, turn), () => listener());
    },

    async claim(sessionId, key, value, ttlMs) {
      const before = await script('claim', [
        prefix,
        sessionId,
        idemKey(sessionId, key),
        value,
        ttlMs,
      ]);
      return typeof before === 'string' ? before : undefined;
    },

    async settle(sessionId, key, value) {
      await call((redis) =>
        redis.set(idemKey(sessionId, key), value, { condition: 'XX', expiration: 'KEEPTTL' }),
      );
    },

    async forget(sessionId, key) {
      await call((redis) => redis.del(idemKey(sessionId, key)));
    },

    async drop(sessionId) {
      await script('drop', [prefix, sessionId]);
    },

    async close() {
      closed = true;
      for (const wakeReader of [...sleepers]) wakeReader();
      const open = [client, subscriber];
      client = undefined;
      subscriber = undefined;
      await Promise.all(open.map((redis) => (redis?.isOpen ? redis.close() : undefined)));
    },
  };
}
