// Scenario 3: time to first chunk on loopback. Each client asks for a 3-event reply; the time
// from the call to the first text in hand is recorded (the rest is then consumed, so the
// keep-alive connection is reused cleanly). Clients take turns request by request, so drifting
// background load hits them alike. Overhead = our median minus the raw fetch median.
// Each client runs in its own process (see client-worker.mjs); the time is taken there.
import { startClientPool } from '../lib/client-pool.mjs';
import { useServer } from '../lib/server-url.mjs';
import { round, settle, summarize } from '../lib/stats.mjs';
import { REPORTED } from '../lib/targets.mjs';
import { FORMATS } from './streaming.mjs';

const EVENTS = 3;

async function timeToFirst(client) {
  const { firstMs } = await client.request({ op: 'first', events: EVENTS });
  return firstMs;
}

export async function run({ quick, serverUrl, only }) {
  const server = await useServer(serverUrl);
  const iterations = quick ? 20 : 300;
  const warmup = quick ? 5 : 50;
  const formats = {};
  const targets = [];
  try {
    for (const format of FORMATS) {
      if (only && !only.includes(format)) continue;
      const pool = await startClientPool(format, server.url, { inProcess: quick });
      const clients = pool.clients;
      const samples = clients.map(() => []);
      try {
        for (let w = 0; w < warmup; w++) for (const client of clients) await timeToFirst(client);
        await settle(20, { gc: false });
        for (let i = 0; i < iterations; i++) {
          for (let k = 0; k < clients.length; k++) {
            const index = (k + i) % clients.length;
            samples[index].push(await timeToFirst(clients[index]));
          }
        }
      } finally {
        pool.close();
      }
      const rows = clients.map((client, i) => ({
        name: client.name,
        kind: client.kind,
        ms: summarize(samples[i]),
      }));
      const limit = rows.find((row) => row.kind === 'limit');
      for (const row of rows) row.overheadMs = row.ms.median - limit.ms.median;
      formats[format] = { rows };
      const ours = rows.find((row) => row.kind === 'ours');
      targets.push({
        id: `ttfc-${format}`,
        label: `${format}: time to first chunk, AsyncChat minus raw fetch (median)`,
        value: round(ours.overheadMs, 3),
        unit: 'ms',
        target: REPORTED,
        met: undefined,
        detail: `${round(ours.ms.median, 3)} ms vs ${round(limit.ms.median, 3)} ms`,
      });
    }
  } finally {
    await server.close();
  }
  return {
    name: 'ttfc',
    iterations,
    notes: [
      `${iterations} requests per client after ${warmup} warm-up requests, ${EVENTS}-event replies, clients interleaved request by request${quick ? ', all in one process (quick mode)' : ', each in its own process'}.`,
    ],
    formats,
    targets,
  };
}
