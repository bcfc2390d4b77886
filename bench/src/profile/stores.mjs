// Where a store's load (resume) time goes: the store's `load` of an N-turn session against
// the same data fetched raw (one LRANGE of the turns list; one SELECT of the turn rows) and
// the client-side decoding of those rows alone, interleaved run by run.
//   node src/profile/stores.mjs redis|postgres [turns] [runs]
// Uses COLLOQUY_REDIS_URL / COLLOQUY_POSTGRES_URL (defaults: the local servers) under its own
// key prefix / schema, removed at the end. Add --cpu-prof to see the client's share.
import { randomUUID } from 'node:crypto';
import { createPostgresStore } from '@colloquy/store-postgres';
import { createRedisStore } from '@colloquy/store-redis';
import pg from 'pg';
import { createClient } from 'redis';
import { now, round, summarize } from '../lib/stats.mjs';

const [kind = 'redis', turnsArg = '1000', runsArg = '50'] = process.argv.slice(2);
const turns = Number(turnsArg);
const runs = Number(runsArg);
const tag = `benchprof${process.pid}`;
const filler = 'lorem ipsum dolor sit amet '.repeat(20);
const turn = (i) => ({
  turnId: randomUUID(),
  status: 'complete',
  contents: [
    { role: 'user', parts: [{ text: `${i} ${filler}`.slice(0, 60) }] },
    { role: 'model', parts: [{ text: `${i} ${filler}`.slice(0, 400) }] },
  ],
});

let store;
let raw;
let cleanup;
if (kind === 'redis') {
  const url = process.env.COLLOQUY_REDIS_URL ?? 'redis://127.0.0.1:6379';
  const keyPrefix = `${tag}:`;
  store = createRedisStore({ url, keyPrefix });
  const client = createClient({ url });
  await client.connect();
  raw = (id) => client.lRange(`${keyPrefix}t:${id}`, 0, -1);
  cleanup = async () => {
    for await (const batch of client.scanIterator({ MATCH: `${keyPrefix}*` })) {
      const keys = Array.isArray(batch) ? batch : [batch];
      if (keys.length > 0) await client.unlink(keys);
    }
    await client.quit();
  };
} else if (kind === 'postgres') {
  const connectionString =
    process.env.COLLOQUY_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/test';
  const pool = new pg.Pool({ connectionString });
  store = createPostgresStore({ pool, schema: tag });
  raw = async (id) =>
    (
      await pool.query(
        `SELECT record FROM ${tag}.colloquy_turns WHERE session_id = $1 ORDER BY seq`,
        [id],
      )
    ).rows.map((row) => row.record);
  cleanup = async () => {
    await pool.query(`DROP SCHEMA IF EXISTS ${tag} CASCADE`);
    await pool.end();
  };
} else {
  console.error('usage: node src/profile/stores.mjs redis|postgres [turns] [runs]');
  process.exit(2);
}

try {
  const { id } = await store.create({
    model: 'bench-model',
    turns: Array.from({ length: turns }, (_, i) => turn(i)),
  });
  const rows = await raw(id);
  const decode = () => rows.map((text) => JSON.parse(text));
  const cases = {
    'store.load': () => store.load(id),
    'raw fetch of the turn rows': () => raw(id),
    'JSON.parse of the rows alone': async () => decode(),
  };
  const samples = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
  for (let i = 0; i < 5; i++) for (const fn of Object.values(cases)) await fn();
  for (let i = 0; i < runs; i++) {
    for (const [name, fn] of Object.entries(cases)) {
      const t = now();
      await fn();
      samples[name].push(now() - t);
    }
  }
  console.log(`${kind}, ${turns} turns, ${runs} runs, ms median (q1–q3):`);
  for (const [name, values] of Object.entries(samples)) {
    const s = summarize(values);
    console.log(`  ${name}: ${round(s.median, 3)} (${round(s.q1, 3)}–${round(s.q3, 3)})`);
  }
} finally {
  await store.close();
  await cleanup();
}
