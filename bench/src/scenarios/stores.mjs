// Scenario 7: session stores. For each store (memory, SQLite, Redis, PostgreSQL) on this
// machine: the latency of a send's turn writes (beginTurn + commitTurn; a checkpoint beside
// it) in sessions of 10 to 10,000 turns, the load (resume) time of a 1,000-turn session, and
// the round trips each operation costs on the server stores; then LangChain.js's Redis and
// PostgreSQL chat message histories on the same servers, doing the same append (user + model
// message) and load. Redis and PostgreSQL are skipped with a note when unreachable, except in
// CI (CI=true), where they must be there.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import { createMemoryStore } from '@colloquy/chat-core/memory-store';
import { createPostgresStore } from '@colloquy/store-postgres';
import { createRedisStore } from '@colloquy/store-redis';
import { createSqliteStore } from '@colloquy/store-sqlite';
import pg from 'pg';
import { createClient } from 'redis';
import { now, round, settle, summarize } from '../lib/stats.mjs';
import { REPORTED } from '../lib/targets.mjs';

const REDIS_URL = process.env.COLLOQUY_REDIS_URL ?? 'redis://127.0.0.1:6379';
const POSTGRES_URL = process.env.COLLOQUY_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
const CI = process.env.CI === 'true';
const RESUME_TURNS = 1_000;

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// Distinct flat texts, as a chat's messages are: a 60-char question, a 400-char reply.
let textCounter = 0;
function text(length) {
  const stem = `${++textCounter} `;
  return (stem + 'lorem ipsum dolor sit amet '.repeat(Math.ceil(length / 27))).slice(0, length);
}
const userContent = () => ({ role: 'user', parts: [{ text: text(60) }] });
const modelContent = (length = 400) => ({ role: 'model', parts: [{ text: text(length) }] });
const turnRecord = () => ({
  turnId: randomUUID(),
  status: 'complete',
  contents: [userContent(), modelContent()],
});

/** `true` when something accepts TCP connections at the URL's host and port. */
function reachable(url, defaultPort) {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect(Number(port || defaultPort), hostname || '127.0.0.1');
    socket.setTimeout(1_000);
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

/** A pg pool whose connections count their `query` calls: one call is one round trip. */
function countingPool(connectionString) {
  const counter = { queries: 0 };
  class CountingClient extends pg.Client {
    query(...args) {
      counter.queries++;
      return super.query(...args);
    }
  }
  const pool = new pg.Pool({ connectionString, Client: CountingClient, max: 4 });
  pool.on('error', () => {});
  return { pool, counter };
}

/**
 * Redis `MONITOR` on a raw socket: every command the server runs, with the client's address.
 * Commands a Lua script runs are tagged `lua` and are not round trips, so they are left out.
 */
async function startMonitor(url) {
  const { hostname, port, username, password } = new URL(url);
  const socket = net.connect(Number(port || 6379), hostname || '127.0.0.1');
  await new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const lines = [];
  /** Every counted command by name, to show what a count is made of. */
  const commands = {};
  let buffer = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk) => {
    buffer += chunk;
    for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
      const match = /^\+\d+\.\d+ \[\d+ ([^\]]+)\]/.exec(buffer.slice(0, i));
      if (match && match[1] !== 'lua') lines.push({ address: match[1], line: buffer.slice(0, i) });
      buffer = buffer.slice(i + 2);
    }
  });
  if (password) {
    const args = [
      'AUTH',
      ...(username ? [decodeURIComponent(username)] : []),
      decodeURIComponent(password),
    ];
    socket.write(
      `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`,
    );
  }
  socket.write('MONITOR\r\n');
  await sleep(50);
  return {
    /** Waits for the feed of earlier commands to arrive first. */
    async mark() {
      await sleep(50);
      return lines.length;
    },
    /** Commands since `mark` from the connections that ever named `tag` (a key prefix). */
    async countSince(mark, tag) {
      await sleep(50); // the feed trails the replies
      const addresses = new Set(lines.filter((l) => l.line.includes(tag)).map((l) => l.address));
      const seen = lines.slice(mark).filter((l) => addresses.has(l.address));
      // Every operation sends at least one command: none seen means MONITOR is not working.
      if (seen.length === 0) throw new Error(`MONITOR on ${hostname}:${port} saw no command`);
      for (const l of seen) {
        const command = /\] "([^"]+)"/.exec(l.line)?.[1] ?? '?';
        commands[command] = (commands[command] ?? 0) + 1;
      }
      return seen.length;
    },
    commands,
    close: () => socket.destroy(),
  };
}

/** One store under test, with what it takes to set it up, count its round trips and clean up. */
async function openStores({ quick, notes }) {
  const stores = [];
  const tag = `bench${process.pid}x${Date.now().toString(36)}`;

  stores.push({ name: 'memory', store: createMemoryStore() });

  const dir = mkdtempSync(join(os.tmpdir(), 'colloquy-bench-'));
  stores.push({
    name: 'SQLite (file, WAL)',
    store: createSqliteStore({ path: join(dir, 'sessions.db') }),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  });

  const servers = {};
  if (await reachable(REDIS_URL, 6379)) {
    const keyPrefix = `${tag}:`;
    const admin = createClient({ url: REDIS_URL });
    admin.on('error', () => {});
    await admin.connect();
    servers.redis = { keyPrefix, admin, tag };
    stores.push({
      name: 'Redis',
      server: 'redis',
      store: createRedisStore({ url: REDIS_URL, keyPrefix }),
      cleanup: async () => {
        for await (const batch of admin.scanIterator({ MATCH: `${keyPrefix}*`, COUNT: 1000 })) {
          const keys = Array.isArray(batch) ? batch : [batch];
          if (keys.length > 0) await admin.unlink(keys);
        }
        await admin.quit();
      },
    });
  } else if (CI) {
    throw new Error(`Redis is not reachable at ${REDIS_URL} (CI=true: it must be)`);
  } else {
    notes.push(
      `Redis skipped: not reachable at ${REDIS_URL} (start it: redis-server --daemonize yes, or set COLLOQUY_REDIS_URL).`,
    );
  }

  if (await reachable(POSTGRES_URL, 5432)) {
    const schema = tag;
    const { pool, counter } = countingPool(POSTGRES_URL);
    servers.postgres = { schema, pool, counter };
    stores.push({
      name: 'PostgreSQL',
      server: 'postgres',
      store: createPostgresStore({ pool, schema }),
      cleanup: async () => {
        await pool.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await pool.end();
      },
    });
  } else if (CI) {
    throw new Error(`PostgreSQL is not reachable at ${POSTGRES_URL} (CI=true: it must be)`);
  } else {
    notes.push(
      `PostgreSQL skipped: not reachable at ${POSTGRES_URL} (start it: pg_ctlcluster <version> main start, or set COLLOQUY_POSTGRES_URL).`,
    );
  }
  if (quick) notes.push('Quick mode: small sessions and few runs; the numbers mean nothing.');
  return { stores, servers };
}

/** Creates a session already holding `turns` complete turns; returns its writer state. */
async function prefilled(store, turns) {
  const head = await store.create({
    ownerId: 'bench',
    model: 'bench-model',
    turns: Array.from({ length: turns }, turnRecord),
  });
  return { sessionId: head.id, version: head.version };
}

/** One send's writes: begin (before the model is called), one checkpoint, commit. */
async function append(store, session) {
  const turnId = randomUUID();
  const user = userContent();
  const t0 = now();
  const began = await store.beginTurn({
    sessionId: session.sessionId,
    expectedVersion: session.version,
    turnId,
    contents: [user],
  });
  const t1 = now();
  await store.checkpoint({
    sessionId: session.sessionId,
    turnId,
    contents: [user, modelContent(200)],
  });
  const t2 = now();
  const { version } = await store.commitTurn({
    sessionId: session.sessionId,
    turn: { turnId, status: 'complete', contents: [user, modelContent()] },
  });
  const t3 = now();
  session.version = version;
  if (began.seq < 1) throw new Error('beginTurn returned no seq');
  return {
    beginMs: t1 - t0,
    checkpointMs: t2 - t1,
    commitMs: t3 - t2,
    appendMs: t1 - t0 + (t3 - t2),
  };
}

/**
 * Append latency at each session size. Every store and size is measured in every round, in a
 * rotating order, so drifting background load hits them alike; each round appends to
 * `perRound` sessions of each size, taken in turn, so a session grows by little (10 → 15,
 * 10,000 → 10,050).
 */
async function appendGrowth(stores, quick) {
  const perRound = quick ? 2 : 8;
  const rounds = quick ? 3 : 25;
  const plan = quick
    ? [
        { n: 10, sessions: 2 },
        { n: 100, sessions: 2 },
      ]
    : [
        { n: 10, sessions: 40 },
        { n: 100, sessions: 8 },
        { n: 1_000, sessions: 8 },
        { n: 10_000, sessions: 4 },
      ];
  // Warm-up: JIT, connections, prepared statements, script cache.
  for (const s of stores) {
    const session = await prefilled(s.store, 10);
    for (let i = 0; i < (quick ? 5 : 50); i++) await append(s.store, session);
  }
  const groups = [];
  for (const { n, sessions } of plan) {
    for (const s of stores) {
      const list = [];
      for (let i = 0; i < sessions; i++) list.push(await prefilled(s.store, n));
      groups.push({ s, n, list, next: 0, samples: [] });
    }
  }
  await settle(50);
  for (let round = 0; round < rounds; round++) {
    for (let k = 0; k < groups.length; k++) {
      const group = groups[(k + round) % groups.length];
      for (let i = 0; i < perRound; i++) {
        const session = group.list[group.next++ % group.list.length];
        group.samples.push(await append(group.s.store, session));
      }
    }
  }
  const rows = groups.map(({ s, n, samples }) => ({
    store: s.name,
    n,
    appends: samples.length,
    appendMs: summarize(samples.map((x) => x.appendMs)),
    beginMs: summarize(samples.map((x) => x.beginMs)),
    commitMs: summarize(samples.map((x) => x.commitMs)),
    checkpointMs: summarize(samples.map((x) => x.checkpointMs)),
  }));
  return { sizes: plan.map((p) => p.n), rows };
}

/** Round trips per operation for the server stores (MONITOR for Redis, client calls for pg). */
async function roundTrips(stores, servers, monitor, ops) {
  const out = [];
  for (const s of stores.filter((x) => x.server)) {
    const session = await prefilled(s.store, 10);
    await append(s.store, session); // the connection is known to the monitor from here on
    const counts = { begin: 0, checkpoint: 0, commit: 0, load: 0 };
    const count = async (key, fn) => {
      counts[key] += await roundTripsOf(s.server, fn, monitor, servers);
    };
    for (let i = 0; i < ops; i++) {
      const turnId = randomUUID();
      const user = userContent();
      await count('begin', async () => {
        const began = await s.store.beginTurn({
          sessionId: session.sessionId,
          expectedVersion: session.version,
          turnId,
          contents: [user],
        });
        session.version = began.version;
      });
      await count('checkpoint', () =>
        s.store.checkpoint({
          sessionId: session.sessionId,
          turnId,
          contents: [user, modelContent(200)],
        }),
      );
      await count('commit', async () => {
        const { version } = await s.store.commitTurn({
          sessionId: session.sessionId,
          turn: { turnId, status: 'complete', contents: [user, modelContent()] },
        });
        session.version = version;
      });
      await count('load', () => s.store.load(session.sessionId));
    }
    if (Object.values(counts).some((n) => n < ops)) {
      throw new Error(`${s.name}: fewer round trips counted than operations run`);
    }
    out.push({
      store: s.name,
      server: s.server,
      ops,
      perOp: Object.fromEntries(Object.entries(counts).map(([k, v]) => [k, v / ops])),
    });
  }
  return out;
}

/** LangChain.js's chat message histories on the same servers, or why they are missing. */
async function langchainHistories(servers, notes) {
  const peers = [];
  let messages;
  try {
    messages = await import('@langchain/core/messages');
  } catch (error) {
    notes.push(`LangChain comparison missing: @langchain/core does not load (${error.message}).`);
    return peers;
  }
  const toMessages = (turn) => [
    new messages.HumanMessage(turn.contents[0].parts[0].text),
    new messages.AIMessage(turn.contents[1].parts[0].text),
  ];
  if (servers.redis) {
    try {
      const { RedisChatMessageHistory } = await import('@langchain/redis');
      const make = () =>
        new RedisChatMessageHistory({
          sessionId: `${servers.redis.keyPrefix}langchain:${randomUUID()}`,
          config: { url: REDIS_URL },
        });
      peers.push({
        server: 'redis',
        name: '@langchain/redis RedisChatMessageHistory',
        likeForLike: true,
        make,
        toMessages,
        close: async (history) => {
          if (history.client.isOpen) await history.client.quit();
        },
      });
    } catch (error) {
      notes.push(
        `LangChain Redis comparison missing: @langchain/redis does not load (${error.message}).`,
      );
    }
  }
  let PostgresChatMessageHistory;
  if (servers.postgres) {
    try {
      ({ PostgresChatMessageHistory } = await import(
        '@langchain/community/stores/message/postgres'
      ));
    } catch (error) {
      notes.push(
        `LangChain PostgreSQL comparison missing: @langchain/community does not load (${error.message}).`,
      );
    }
  }
  if (PostgresChatMessageHistory) {
    const { schema, pool } = servers.postgres;
    // Our store's tables hold every session the scenario wrote; LangChain's one table is
    // given as many other sessions' messages (two per turn) for a like-for-like load, and is
    // also measured holding nothing but the session read (its best case).
    const { rows } = await pool.query(`SELECT count(*)::int AS n FROM ${schema}.colloquy_turns`);
    const others = rows[0].n * 2;
    for (const [table, fill, label, likeForLike] of [
      [
        `${schema}.langchain_shared`,
        others,
        `table with ${others.toLocaleString('en-US')} other messages`,
        true,
      ],
      [`${schema}.langchain_alone`, 0, 'table holding only this session', false],
    ]) {
      const make = () =>
        new PostgresChatMessageHistory({ sessionId: randomUUID(), pool, tableName: table });
      await make().ensureTable();
      if (fill > 0) {
        await pool.query(
          `INSERT INTO ${table} (session_id, message)
           SELECT 'other-' || (g / 2000), jsonb_build_object(
             'type', CASE WHEN g % 2 = 0 THEN 'human' ELSE 'ai' END,
             'content', repeat('x', CASE WHEN g % 2 = 0 THEN 60 ELSE 400 END),
             'additional_kwargs', '{}'::jsonb, 'response_metadata', '{}'::jsonb)
           FROM generate_series(1, $1) AS g`,
          [fill],
        );
      }
      peers.push({
        server: 'postgres',
        name: `@langchain/community PostgresChatMessageHistory (${label})`,
        likeForLike,
        make,
        toMessages,
        close: async () => {},
      });
    }
  }
  return peers;
}

/** The round trips `fn` makes: commands on the Redis connection under watch, or PostgreSQL queries. */
async function roundTripsOf(server, fn, monitor, servers) {
  if (server === 'redis') {
    const mark = await monitor.mark();
    await fn();
    return monitor.countSince(mark, servers.redis.tag);
  }
  const before = servers.postgres.counter.queries;
  await fn();
  return servers.postgres.counter.queries - before;
}

export async function run({ quick }) {
  const notes = [];
  const { stores, servers } = await openStores({ quick, notes });
  const monitor = servers.redis ? await startMonitor(REDIS_URL) : undefined;
  const peers = [];
  try {
    const growth = await appendGrowth(stores, quick);

    // Resume: load of a 1,000-turn session, every store and peer interleaved load by load.
    const resumeTurns = quick ? 100 : RESUME_TURNS;
    peers.push(...(await langchainHistories(servers, notes)));
    const loaders = [];
    for (const s of stores) {
      const session = await prefilled(s.store, resumeTurns);
      loaders.push({
        name: s.name,
        server: s.server,
        kind: 'ours',
        session,
        load: async () => {
          const loaded = await s.store.load(session.sessionId);
          if (loaded.turns.length < resumeTurns) throw new Error(`${s.name}: turns missing`);
        },
        append: () => append(s.store, session).then((x) => x.appendMs),
      });
    }
    for (const peer of peers) {
      const history = peer.make();
      if (peer.server === 'postgres') await history.ensureTable();
      for (let i = 0; i < resumeTurns; i++)
        await history.addMessages(peer.toMessages(turnRecord()));
      peer.history = history;
      loaders.push({
        name: peer.name,
        server: peer.server,
        kind: 'peer',
        likeForLike: peer.likeForLike,
        load: async () => {
          const loaded = await history.getMessages();
          if (loaded.length < resumeTurns * 2) throw new Error(`${peer.name}: messages missing`);
        },
        append: async () => {
          const batch = peer.toMessages(turnRecord());
          const t = now();
          await history.addMessages(batch);
          return now() - t;
        },
      });
    }
    const loadRuns = quick ? 3 : 30;
    const loadSamples = loaders.map(() => []);
    for (const l of loaders) await l.load(); // warm-up
    await settle(50);
    for (let i = 0; i < loadRuns; i++) {
      for (let k = 0; k < loaders.length; k++) {
        const index = (k + i) % loaders.length;
        const t = now();
        await loaders[index].load();
        loadSamples[index].push(now() - t);
      }
    }
    // Append on the same sessions (1,000 turns and up), ours and the peers interleaved.
    const appendRuns = quick ? 5 : 200;
    const appendSamples = loaders.map(() => []);
    for (let i = 0; i < appendRuns; i++) {
      for (let k = 0; k < loaders.length; k++) {
        const index = (k + i) % loaders.length;
        appendSamples[index].push(await loaders[index].append());
      }
    }
    const resume = loaders.map((l, i) => ({
      name: l.name,
      server: l.server,
      kind: l.kind,
      likeForLike: l.likeForLike,
      loadMs: summarize(loadSamples[i]),
      appendMs: summarize(appendSamples[i]),
    }));

    const trips = await roundTrips(stores, servers, monitor, quick ? 3 : 20);
    const redisCommands = monitor ? { ...monitor.commands } : undefined;
    // The peers' round trips, counted the same way.
    for (const peer of peers.filter((p) => p.likeForLike)) {
      const history = peer.make();
      const counts = { append: 0, load: 0 };
      const ops = quick ? 3 : 20;
      await history.addMessages(peer.toMessages(turnRecord())); // connect, create the table
      for (let i = 0; i < ops; i++) {
        for (const [key, fn] of [
          ['append', () => history.addMessages(peer.toMessages(turnRecord()))],
          ['load', () => history.getMessages()],
        ]) {
          counts[key] += await roundTripsOf(peer.server, fn, monitor, servers);
        }
      }
      await peer.close(history);
      trips.push({
        store: peer.name,
        server: peer.server,
        ops,
        perOp: { append: counts.append / ops, load: counts.load / ops },
      });
    }

    if (monitor) redisCommands.all = { ...monitor.commands };
    return {
      name: 'stores',
      quick,
      notes,
      resumeTurns,
      growth,
      resume,
      trips,
      redisCommands,
      targets: targets(growth, resume, trips, resumeTurns),
    };
  } finally {
    monitor?.close();
    for (const peer of peers) if (peer.history) await peer.close(peer.history);
    for (const s of stores) {
      await s.store.close();
      await s.cleanup?.();
    }
  }
}

function targets(growth, resume, trips, resumeTurns) {
  const out = [];
  const first = growth.sizes[0];
  const last = growth.sizes[growth.sizes.length - 1];
  for (const store of [...new Set(growth.rows.map((r) => r.store))]) {
    const a = growth.rows.find((r) => r.store === store && r.n === first).appendMs.median;
    const b = growth.rows.find((r) => r.store === store && r.n === last).appendMs.median;
    out.push({
      id: `stores-append-flat-${store}`,
      label: `${store}: append latency (beginTurn + commitTurn) at N=${last.toLocaleString('en-US')} vs N=${first}`,
      value: round(b / a, 2),
      unit: 'x',
      target: '≤ 1.5x',
      met: b / a <= 1.5,
      detail: `${round(b, 3)} ms vs ${round(a, 3)} ms`,
    });
  }
  for (const row of resume.filter((r) => r.kind === 'ours')) {
    out.push({
      id: `stores-resume-${row.name}`,
      label: `${row.name}: load (resume) of a ${resumeTurns.toLocaleString('en-US')}-turn session`,
      value: round(row.loadMs.median, 2),
      unit: 'ms',
      target: REPORTED,
      met: undefined,
      detail: `median of ${row.loadMs.n}, ${round(row.loadMs.min, 2)}–${round(row.loadMs.max, 2)} ms`,
    });
  }
  for (const t of trips.filter((x) => x.perOp.begin !== undefined)) {
    const worst = Math.max(t.perOp.begin, t.perOp.checkpoint, t.perOp.commit);
    out.push({
      id: `stores-round-trips-${t.server}`,
      label: `${t.store}: round trips per append operation (most of beginTurn, checkpoint, commitTurn)`,
      value: round(worst, 2),
      unit: 'per op',
      target: '≤ 1',
      met: worst <= 1,
      detail: `begin ${round(t.perOp.begin, 2)}, checkpoint ${round(t.perOp.checkpoint, 2)}, commit ${round(t.perOp.commit, 2)}, load ${round(t.perOp.load, 2)}`,
    });
  }
  for (const peer of resume.filter((r) => r.kind === 'peer' && r.likeForLike)) {
    const ours = resume.find((r) => r.kind === 'ours' && r.server === peer.server);
    const best = resume.find(
      (r) => r.kind === 'peer' && r.server === peer.server && !r.likeForLike,
    );
    for (const [what, key] of [
      ['append (user + model message)', 'appendMs'],
      ['load', 'loadMs'],
    ]) {
      const ratio = peer[key].median / ours[key].median;
      const alone = best
        ? `; against its table holding only this session ${round(best[key].median / ours[key].median, 2)}x`
        : '';
      out.push({
        id: `stores-vs-langchain-${peer.server}-${key}`,
        label: `${ours.name}: ${what} throughput / ${peer.name}`,
        value: round(ratio, 2),
        unit: 'x',
        target: '≥ 2x',
        met: ratio >= 2,
        detail: `${round(1_000 / ours[key].median, 0)} vs ${round(1_000 / peer[key].median, 0)} ops/s${alone}`,
      });
    }
  }
  return out;
}
