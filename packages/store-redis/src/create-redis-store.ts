import { createHash, randomUUID } from 'node:crypto';
import {
  ColloquyError,
  type NewSession,
  SessionBusyError,
  SessionConflictError,
  SessionCorruptError,
  type SessionHead,
  SessionNotFoundError,
  type SessionStore,
  SessionStoreUnavailableError,
  type StoredTurn,
} from '@colloquy/chat-core';
import {
  alreadyCommitted,
  createSessionRules,
  decodeTurn,
  encodeHead,
  listPage,
  lostLease,
  needsSession,
} from '@colloquy/chat-core/store-kit';
import { createClient } from 'redis';
import { decodeSessionHash } from './redis-rows';
import { SCRIPTS, type ScriptName } from './redis-scripts';
import type { RedisStoreOptions } from './redis-store-options';

type Reply = Array<string | number | Reply>;
type Client = ReturnType<typeof createClient>;

const SHAS = Object.fromEntries(
  Object.entries(SCRIPTS).map(([name, script]) => [
    name,
    createHash('sha1').update(script).digest('hex'),
  ]),
) as Record<ScriptName, string>;

/**
 * A session store in Redis: each operation is one Lua script, run atomically by the server
 * (one round trip). The connection is opened on first use and again after it drops, so the
 * store recovers by itself once the server is back; meanwhile calls fail fast with
 * `SessionStoreUnavailableError`. The scripts run the store kit's session rules in Lua;
 * decoding, list pages and fork come from the kit.
 */
export function createRedisStore(options: RedisStoreOptions = {}): SessionStore {
  const rules = createSessionRules(options);
  const { leaseMs, checkpointMs, ttlMs, now } = rules;
  const prefix = options.keyPrefix ?? 'colloquy:';
  let client: Client | undefined;
  let connecting: Promise<Client> | undefined;
  let closed = false;

  function connect(): Promise<Client> {
    if (client?.isReady) return Promise.resolve(client);
    connecting ??= (async () => {
      const fresh = createClient({
        url: options.url ?? 'redis://127.0.0.1:6379',
        // Fail fast instead of queueing while disconnected; the next call reconnects.
        disableOfflineQueue: true,
        socket: { connectTimeout: options.connectTimeoutMs ?? 5_000, reconnectStrategy: false },
      });
      fresh.on('error', () => {}); // surfaced as the failing call's error
      try {
        await fresh.connect();
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

  async function run(name: ScriptName, args: Array<string | number>): Promise<Reply> {
    if (closed)
      throw new SessionStoreUnavailableError({
        store: 'redis',
        message: 'The redis session store is closed.',
      });
    const argv = [prefix, String(now()), String(ttlMs ?? 0), ...args.map(String)];
    try {
      const redis = await connect();
      try {
        return (await redis.evalSha(SHAS[name], { arguments: argv })) as Reply;
      } catch (error) {
        if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
        return (await redis.eval(SCRIPTS[name], { arguments: argv })) as Reply;
      }
    } catch (error) {
      if (ColloquyError.isInstance(error)) throw error;
      throw new SessionStoreUnavailableError({ store: 'redis', cause: error });
    }
  }

  /** Maps a script's refusal to the contract's error; returns the reply when it is 'ok'. */
  function check(sessionId: string, reply: Reply, turnId?: string, expectedVersion = 0): Reply {
    switch (reply[0]) {
      case 'corrupt':
        throw new SessionCorruptError({ sessionId, detail: 'the session hash' });
      case 'notfound':
        throw new SessionNotFoundError({ sessionId });
      case 'conflict':
        throw new SessionConflictError({
          sessionId,
          expectedVersion,
          actualVersion: Number(reply[1]),
        });
      case 'busy':
        throw new SessionBusyError({ sessionId, leaseExpiresAt: Number(reply[1]) });
      case 'lost':
        throw lostLease(sessionId, turnId ?? '');
      case 'committed':
        throw alreadyCommitted(sessionId, turnId ?? '');
      case 'needsession':
        throw needsSession();
      default:
        return reply;
    }
  }

  async function insert(session: NewSession, forkedFrom?: SessionHead['forkedFrom']) {
    const id = session.sessionId ?? randomUUID();
    const turns = (session.turns ?? []).flatMap((turn) => [turn.turnId, JSON.stringify(turn)]);
    const reply = check(
      id,
      await run('create', [
        id,
        session.ownerId ?? '',
        encodeHead({ ...session, forkedFrom }),
        ...turns,
      ]),
    );
    return decodeSessionHash(id, reply[1] as string[]).head;
  }

  async function load(sessionId: string) {
    const reply = check(sessionId, await run('load', [sessionId]));
    if (reply[0] === 'none') return undefined;
    const session = decodeSessionHash(sessionId, reply[1] as string[]);
    const turns = (reply[2] as string[]).map((text, i) => decodeTurn(sessionId, i + 1, text));
    return { ...session, turns };
  }

  return {
    leaseMs,
    checkpointMs,

    create: (session) => insert(session),

    load,

    async list({ ownerId, cursor = '', limit = 50 }) {
      const [more, rows] = (await run('list', [ownerId, cursor, limit])) as [number, string[][]];
      const page = rows.map((flat) => ({ id: flat[flat.indexOf('id') + 1] ?? '', flat }));
      return listPage(page, limit, (row) => decodeSessionHash(row.id, row.flat).head, more === 1);
    },

    async fork(sessionId, params) {
      const source = await load(sessionId);
      if (!source) throw new SessionNotFoundError({ sessionId });
      const { session, forkedFrom } = rules.fork(source, params);
      return (await insert(session, forkedFrom)).id;
    },

    async delete(sessionId) {
      return Number(await run('delete', [sessionId])) === 1;
    },

    async eraseOwner(ownerId) {
      return Number(await run('eraseOwner', [ownerId]));
    },

    async recoverExpired() {
      const [interrupted, expired] = await run('recoverExpired', []);
      return { interrupted: Number(interrupted), expired: Number(expired) };
    },

    async close() {
      closed = true;
      const open = client;
      client = undefined;
      if (open?.isOpen) await open.close();
    },

    async beginTurn({ sessionId, expectedVersion, turnId, contents, session }) {
      const reply = check(
        sessionId,
        await run('beginTurn', [
          leaseMs,
          sessionId,
          expectedVersion,
          turnId,
          JSON.stringify(contents),
          session?.ownerId ?? '',
          session ? encodeHead(session) : '',
        ]),
        turnId,
        expectedVersion,
      );
      return { version: Number(reply[1]), seq: Number(reply[2]), leaseExpiresAt: Number(reply[3]) };
    },

    async checkpoint({ sessionId, turnId, contents }) {
      const reply = check(
        sessionId,
        await run('checkpoint', [leaseMs, sessionId, turnId, JSON.stringify(contents)]),
        turnId,
      );
      return { leaseExpiresAt: Number(reply[1]) };
    },

    async commitTurn({ sessionId, turn }) {
      const reply = check(
        sessionId,
        await run('commitTurn', [sessionId, turn.turnId, JSON.stringify(turn)]),
        turn.turnId,
      );
      if (reply[0] === 'exists') {
        const stored = decodeTurn(sessionId, Number(reply[2]), reply[3] as string);
        // A retried commit is a no-op; a commit after recovery stored the turn as interrupted is not.
        if (stored.status !== turn.status) throw lostLease(sessionId, turn.turnId);
        return { version: Number(reply[1]), turn: stored };
      }
      const committed: StoredTurn = { ...turn, seq: Number(reply[2]) };
      return { version: Number(reply[1]), turn: committed };
    },

    async releaseTurn({ sessionId, turnId }) {
      const reply = check(sessionId, await run('releaseTurn', [sessionId, turnId]), turnId);
      return { version: Number(reply[1]) };
    },
  };
}
