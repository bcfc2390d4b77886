// Scenario 8: serving chats over HTTP.
//
// N concurrent streaming chats (500) against one `serveNode` instance of `@colloquy/server` on
// loopback, the server in its own process (src/lib/chat-server.mjs: the mock provider, a
// memory store, a memory stream log), the clients here; the same N chats through `AsyncChat`
// directly, in this process, as the baseline. A wrapper around the mock's transport stamps
// the moment each chunk leaves the provider; the client stamps the moment it has the chunk in
// hand (an `AsyncChat` yield, or a parsed SSE `chunk` event), both on the system's monotonic
// clock. Latency per chunk = in hand minus left the provider, pooled over every chunk of every
// chat; the added latency is the served p50/p99 minus the direct one.
//
// Lost turns: after each round, every session must hold one complete turn with the mock's
// full reply, and every client must have streamed that text. Memory per open stream: the
// server's heap and RSS after GC while every stream is open (each has its first chunk),
// minus before any, over N, in a round of its own (forced GCs pause every stream). Beside
// them, CPU time per chunk of the server process and of the clients, which tells a slow
// server from a saturated machine: N streams need N × chunks/s × that CPU time.
//
// BENCH_SERVER_CHATS and BENCH_SERVER_CHUNK_MS change N and the provider's pace (default
// 500 chats, a chunk every 20 ms, a token-by-token pace), e.g. to find where a machine
// saturates.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AsyncChats } from '@colloquy/chat-core';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { clock, expectedReply, MODEL, messageOf, stampedModels } from '../lib/chat-load.mjs';
import { round } from '../lib/stats.mjs';
import { REPORTED } from '../lib/targets.mjs';

const serverPath = fileURLToPath(new URL('../lib/chat-server.mjs', import.meta.url));

function quantile(sorted, q) {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/**
 * Every chunk's latency (in hand minus left the provider), pooled over all chats; beside it,
 * the p99 without each turn's first chunk, which also waits for the response to begin.
 */
function latencies(left, inHand) {
  const all = [];
  const later = [];
  for (const [i, received] of inHand) {
    const sent = left.get(i) ?? [];
    if (sent.length !== received.length) {
      throw new Error(
        `chat ${i}: ${sent.length} chunks left the provider, ${received.length} arrived`,
      );
    }
    for (let k = 0; k < sent.length; k++) {
      all.push(received[k] - sent[k]);
      if (k > 0) later.push(received[k] - sent[k]);
    }
  }
  all.sort((a, b) => a - b);
  later.sort((a, b) => a - b);
  return {
    p50: quantile(all, 0.5),
    p99: quantile(all, 0.99),
    p99AfterFirst: quantile(later, 0.99),
    max: all.at(-1),
    chunks: all.length,
  };
}

/** Resolves `all` once `tick` has been called `count` times. */
function countdown(count) {
  let tick;
  const all = new Promise((resolve) => {
    let left = count;
    tick = () => {
      left -= 1;
      if (left === 0) resolve();
    };
  });
  return { all, tick };
}

/**
 * Independent users are not in step: chat `i` starts `i / chats` of a chunk interval after
 * the first, so chunks arrive spread over each interval as real traffic's would (started
 * together, every chat's chunks fall due in the same millisecond and queue behind each other).
 */
const stagger = (i, chats, chunkDelayMs) =>
  new Promise((resolve) => setTimeout(resolve, (i / chats) * chunkDelayMs));

async function runDirect(chats, chunkDelayMs) {
  const left = new Map();
  const inHand = new Map();
  const factory = new AsyncChats(stampedModels(chunkDelayMs, left));
  await Promise.all(
    Array.from({ length: chats }, async (_, i) => {
      const chat = factory.create({ model: MODEL });
      await stagger(i, chats, chunkDelayMs);
      const times = [];
      inHand.set(i, times);
      let text = '';
      for await (const chunk of await chat.sendMessageStream({ message: messageOf(i) })) {
        times.push(clock());
        text += chunk.text ?? '';
      }
      if (text !== expectedReply(messageOf(i))) throw new Error(`direct chat ${i}: wrong text`);
    }),
  );
  return latencies(left, inHand);
}

async function startServer(chunkDelayMs) {
  const child = fork(serverPath, [String(chunkDelayMs)], {
    execArgv: ['--expose-gc'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const waiting = new Map();
  const { url } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`the chat server exited with ${code}`)));
  });
  child.on('message', ({ id, result, error }) => {
    const pending = waiting.get(id);
    waiting.delete(id);
    if (error) pending?.reject(new Error(error));
    else pending?.resolve(result);
  });
  return {
    url,
    ask: (message) =>
      new Promise((resolve, reject) => {
        const id = nextId++;
        waiting.set(id, { resolve, reject });
        child.send({ ...message, id });
      }),
    close: () => {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill();
      return exited;
    },
  };
}

async function runServer(server, chats, chunkDelayMs, { measureMemory = false } = {}) {
  const inHand = new Map();
  const headers = (i) => ({ 'content-type': 'application/json', 'x-owner': `owner-${i}` });
  const sessionIds = await Promise.all(
    Array.from({ length: chats }, async (_, i) => {
      const response = await fetch(`${server.url}/sessions`, {
        method: 'POST',
        headers: headers(i),
        body: '{}',
      });
      if (response.status !== 201) throw new Error(`POST /sessions: ${response.status}`);
      return (await response.json()).sessionId;
    }),
  );
  const before = measureMemory ? await server.ask({ op: 'memory' }) : undefined;
  const serverCpu = await server.ask({ op: 'cpu' });
  const clientCpu = process.cpuUsage();
  const opened = countdown(chats);
  const during = opened.all.then(() => measureMemory && server.ask({ op: 'memory' }));
  const texts = await Promise.all(
    sessionIds.map(async (sessionId, i) => {
      await stagger(i, chats, chunkDelayMs);
      const response = await fetch(`${server.url}/sessions/${sessionId}/messages`, {
        method: 'POST',
        headers: headers(i),
        body: JSON.stringify({ message: messageOf(i) }),
      });
      if (response.status !== 200) throw new Error(`POST messages: ${response.status}`);
      const times = [];
      inHand.set(i, times);
      let text = '';
      const events = response.body
        .pipeThrough(new TextDecoderStream())
        .pipeThrough(new EventSourceParserStream());
      for await (const event of events) {
        if (event.event !== 'chunk') continue;
        times.push(clock());
        if (times.length === 1) opened.tick();
        const chunk = JSON.parse(event.data);
        text += (chunk.candidates?.[0]?.content?.parts ?? []).map((p) => p.text ?? '').join('');
      }
      return text;
    }),
  );
  const memory = await during;
  const serverCpuMs = (await server.ask({ op: 'cpu' })) - serverCpu;
  const { user, system } = process.cpuUsage(clientCpu);
  const clientCpuMs = (user + system) / 1_000;
  for (const [i, text] of texts.entries()) {
    if (text !== expectedReply(messageOf(i))) throw new Error(`served chat ${i}: other text`);
  }
  const { lost } = await server.ask({
    op: 'check',
    sessions: sessionIds.map((id, i) => [id, expectedReply(messageOf(i))]),
  });
  const left = new Map(await server.ask({ op: 'stamps' }));
  const latency = latencies(left, inHand);
  return {
    latency: {
      ...latency,
      serverCpuUsPerChunk: (serverCpuMs * 1_000) / latency.chunks,
      clientCpuUsPerChunk: (clientCpuMs * 1_000) / latency.chunks,
    },
    lost,
    perStream: measureMemory && {
      heapBytes: (memory.heapUsed - before.heapUsed) / chats,
      rssBytes: (memory.rss - before.rss) / chats,
    },
  };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

export async function run({ quick }) {
  const chats = Number(process.env.BENCH_SERVER_CHATS ?? (quick ? 50 : 500));
  const chunkDelayMs = Number(process.env.BENCH_SERVER_CHUNK_MS ?? 20);
  const rounds = quick ? 1 : 3;
  // One server process for every round, warmed up (JIT) like the direct path and the clients.
  const server = await startServer(chunkDelayMs);
  const direct = [];
  const served = [];
  let memoryRound;
  try {
    await runDirect(chats, chunkDelayMs);
    await runServer(server, chats, chunkDelayMs);
    for (let r = 0; r < rounds; r++) {
      direct.push(await runDirect(chats, chunkDelayMs));
      served.push(await runServer(server, chats, chunkDelayMs));
    }
    memoryRound = await runServer(server, chats, chunkDelayMs, { measureMemory: true });
  } finally {
    await server.close();
  }
  const { perStream } = memoryRound;
  const p50 = median(served.map((s, i) => s.latency.p50 - direct[i].p50));
  const p99 = median(served.map((s, i) => s.latency.p99 - direct[i].p99));
  const lost = [...served, memoryRound].reduce((sum, s) => sum + s.lost, 0);
  return {
    name: 'server-load',
    notes: [
      `${chats} concurrent streaming chats, ${rounds} round(s) after a warm-up, the mock provider sending a chunk every ${chunkDelayMs} ms; the server in its own process, the clients (fetch + eventsource-parser) in this one, over loopback; added latency = the served p50/p99 minus the direct one, the median over rounds.`,
    ],
    chats,
    rounds: direct.map((d, i) => ({ direct: d, served: served[i].latency, lost: served[i].lost })),
    perStream,
    targets: [
      {
        id: 'server-added-p50',
        label: `added latency per chunk, ${chats} concurrent streams (p50)`,
        value: round(p50, 3),
        unit: 'ms',
        target: REPORTED,
        met: undefined,
        detail: `served ${round(median(served.map((s) => s.latency.p50)), 3)} ms vs direct ${round(median(direct.map((d) => d.p50)), 3)} ms`,
      },
      {
        id: 'server-added-p99',
        label: `added latency per chunk, ${chats} concurrent streams (p99)`,
        value: round(p99, 3),
        unit: 'ms',
        target: '≤ 5 ms',
        met: p99 <= 5,
        detail: `served ${round(median(served.map((s) => s.latency.p99)), 3)} ms (${round(median(served.map((s) => s.latency.p99AfterFirst)), 3)} ms without first chunks) vs direct ${round(median(direct.map((d) => d.p99)), 3)} ms`,
      },
      {
        id: 'server-cpu-per-chunk',
        label: 'server CPU time per chunk (the whole request, spread over its chunks)',
        value: round(median(served.map((s) => s.latency.serverCpuUsPerChunk)), 1),
        unit: 'µs',
        target: REPORTED,
        met: undefined,
        detail: `clients ${round(median(served.map((s) => s.latency.clientCpuUsPerChunk)), 1)} µs per chunk`,
      },
      {
        id: 'server-lost-turns',
        label: `lost turns over ${(rounds + 1) * chats} served chats`,
        value: lost,
        unit: 'turns',
        target: '0',
        met: lost === 0,
      },
      {
        id: 'server-memory-per-stream',
        label: `server memory per open stream (heap after GC, ${chats} open)`,
        value: round(perStream.heapBytes / 1024, 1),
        unit: 'KiB',
        target: REPORTED,
        met: undefined,
        detail: `RSS ${round(perStream.rssBytes / 1024, 1)} KiB`,
      },
    ],
  };
}
