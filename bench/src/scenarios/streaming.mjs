// Scenario 2: streaming throughput. The bench server streams N text events (20,000) in each
// provider's wire format; each client reads the whole reply. Events per second = N / time from
// the request to the end of the stream. Runs are interleaved (every client once per round, in a
// rotating order) so that drifting background load hits all clients alike.
import { startClientPool } from '../lib/client-pool.mjs';
import { useServer } from '../lib/server-url.mjs';
import { round, settle, summarize } from '../lib/stats.mjs';

export const FORMATS = ['gemini', 'openai', 'anthropic'];

/**
 * Streams `events` events to every client (each in its own process), `runs` rounds after
 * `warmup` rounds; the order rotates round by round.
 */
export async function measureFormat(clients, { events, runs, warmup }) {
  for (const client of clients) await client.request({ op: 'stream', events: 20 });
  for (let w = 0; w < warmup; w++) {
    for (const client of clients) await client.request({ op: 'stream', events });
  }
  const times = clients.map(() => []);
  const cpu = clients.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < clients.length; k++) {
      const index = (k + r) % clients.length;
      await settle(10, { gc: false });
      const result = await clients[index].request({ op: 'stream', events });
      times[index].push(result.ms);
      cpu[index].push(result.cpuMs);
    }
  }
  return clients.map((client, i) => {
    const ms = summarize(times[i]);
    const cpuMs = summarize(cpu[i]);
    return {
      name: client.name,
      kind: client.kind,
      ms,
      // CPU time of the client's process during the stream (all its threads): less sensitive
      // to other processes on the machine than wall time.
      cpuMs,
      eventsPerSecond: {
        median: events / (ms.median / 1000),
        min: events / (ms.max / 1000),
        max: events / (ms.min / 1000),
      },
      eventsPerCpuSecond: events / (cpuMs.median / 1000),
    };
  });
}

export async function run({ quick, serverUrl, only }) {
  const server = await useServer(serverUrl);
  const events = quick ? 2_000 : 20_000;
  const runs = quick ? 1 : 7;
  const warmup = quick ? 1 : 2;
  const formats = {};
  const targets = [];
  try {
    for (const format of FORMATS) {
      if (only && !only.includes(format)) continue;
      const pool = await startClientPool(format, server.url, { inProcess: quick });
      let rows;
      try {
        rows = await measureFormat(pool.clients, { events, runs, warmup });
      } finally {
        pool.close();
      }
      const limit = rows.find((row) => row.kind === 'limit');
      const ours = rows.find((row) => row.kind === 'ours');
      const peers = rows.filter((row) => row.kind === 'peer');
      const best = peers.reduce((a, b) =>
        a.eventsPerSecond.median >= b.eventsPerSecond.median ? a : b,
      );
      for (const row of rows) {
        row.vsLimit = row.eventsPerSecond.median / limit.eventsPerSecond.median;
        row.cpuVsLimit = row.eventsPerCpuSecond / limit.eventsPerCpuSecond;
      }
      formats[format] = { rows, bestPeer: best.name };
      const vsLimit = ours.eventsPerSecond.median / limit.eventsPerSecond.median;
      const vsPeer = ours.eventsPerSecond.median / best.eventsPerSecond.median;
      targets.push(
        {
          id: `stream-${format}-vs-limit`,
          label: `${format}: AsyncChat throughput / raw limit`,
          value: round(vsLimit, 2),
          unit: 'x',
          target: '≥ 0.7x',
          met: vsLimit >= 0.7,
          detail: `${round(ours.eventsPerSecond.median, 0)} vs ${round(limit.eventsPerSecond.median, 0)} events/s; by CPU time ${round(ours.cpuVsLimit, 2)}x`,
        },
        {
          id: `stream-${format}-vs-peer`,
          label: `${format}: AsyncChat throughput / best peer`,
          value: round(vsPeer, 2),
          unit: 'x',
          target: '≥ 5x',
          met: vsPeer >= 5,
          detail: `best peer: ${best.name}, ${round(best.eventsPerSecond.median, 0)} events/s; by CPU time ${round(ours.eventsPerCpuSecond / best.eventsPerCpuSecond, 2)}x`,
        },
      );
    }
  } finally {
    await server.close();
  }
  return {
    name: 'streaming',
    events,
    runs,
    notes: [
      `${events.toLocaleString('en-US')} text events per reply, served pre-rendered from one node:http process on 127.0.0.1 (the whole body written at once); ${runs} interleaved runs after ${warmup} warm-up(s) per client.`,
      quick
        ? 'Quick mode: all clients in one process (a smoke test; their shared modules mix JIT feedback).'
        : 'Each client runs in its own process (they share modules such as undici and eventsource-parser, whose JIT feedback would otherwise mix); the runner interleaves them stream by stream.',
      'Targets use wall-clock events/s (medians); ratios of CPU time (the client process, all threads) are shown beside them, as they are less disturbed by other work on the machine.',
      'Every client reads each chunk\u2019s text; its total length is checked against what was sent.',
    ],
    formats,
    targets,
  };
}
