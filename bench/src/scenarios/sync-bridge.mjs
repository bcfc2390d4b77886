// Scenario 4: the sync bridge. The blocking `Models` of an adapter runs its async models in a
// worker thread (@colloquy/sync-bridge); this measures what that costs.
//
// - Per-call overhead: generateContent with a small JSON reply from the bench server, blocking
//   createGeminiModels vs awaited createGeminiAsyncModels; and the mock provider through
//   createBridgedModels vs the mock's async models called directly. Overhead = difference of
//   the median call times. Calls alternate in blocks of 10, so background load hits both alike.
// - Streaming: a 20,000-event Gemini reply read through the blocking Chat (bridged adapter) vs
//   AsyncChat (async adapter); ratio of events per second.
import { AsyncChats, Chats } from '@colloquy/chat-core';
import { createGeminiAsyncModels, createGeminiModels } from '@colloquy/provider-gemini';
import { createMockAsyncModels } from '@colloquy/provider-mock';
import { createBridgedModels } from '@colloquy/sync-bridge';
import { API_KEY, PROMPT } from '../lib/clients.mjs';
import { expectedTextLength } from '../lib/payloads.mjs';
import { useServer } from '../lib/server-url.mjs';
import { now, round, settle, summarize } from '../lib/stats.mjs';
import { REPORTED } from '../lib/targets.mjs';

const params = (model) => ({ model, contents: [{ role: 'user', parts: [{ text: PROMPT }] }] });

/** Median per-call time of a blocking and an async models, interleaved in blocks. */
async function perCall(syncModels, asyncModels, model, { calls, warmup }) {
  const request = params(model);
  let sink = 0;
  for (let i = 0; i < warmup; i++) {
    sink += syncModels.generateContent(request).candidates.length;
    sink += (await asyncModels.generateContent(request)).candidates.length;
  }
  await settle(20, { gc: false });
  const sync = [];
  const async = [];
  const block = 10;
  for (let done = 0; done < calls; done += block) {
    for (let i = 0; i < block; i++) {
      const start = now();
      sink += syncModels.generateContent(request).candidates.length;
      sync.push(now() - start);
    }
    for (let i = 0; i < block; i++) {
      const start = now();
      sink += (await asyncModels.generateContent(request)).candidates.length;
      async.push(now() - start);
    }
  }
  const s = summarize(sync);
  const a = summarize(async);
  return { sync: s, async: a, overheadMs: s.median - a.median, sink };
}

function readSync(chat) {
  let length = 0;
  for (const chunk of chat.sendMessageStream(PROMPT)) length += chunk.text?.length ?? 0;
  return length;
}

async function readAsync(chat) {
  let length = 0;
  for await (const chunk of await chat.sendMessageStream(PROMPT)) length += chunk.text?.length ?? 0;
  return length;
}

async function streaming(base, { events, runs }) {
  const model = `bench-${events}`;
  const syncChats = new Chats(createGeminiModels({ apiKey: API_KEY, baseUrl: base }));
  const asyncChats = new AsyncChats(createGeminiAsyncModels({ apiKey: API_KEY, baseUrl: base }));
  const expected = expectedTextLength(events);
  const check = (length, who) => {
    if (length !== expected) throw new Error(`${who} read ${length} characters, not ${expected}`);
  };
  // Warm-up, both ways.
  for (let w = 0; w < 2; w++) {
    check(readSync(syncChats.create({ model })), 'Chat');
    check(await readAsync(asyncChats.create({ model })), 'AsyncChat');
  }
  const sync = [];
  const async = [];
  for (let r = 0; r < runs; r++) {
    await settle(10, { gc: false });
    let start = now();
    check(readSync(syncChats.create({ model })), 'Chat');
    sync.push(now() - start);
    await settle(10, { gc: false });
    start = now();
    check(await readAsync(asyncChats.create({ model })), 'AsyncChat');
    async.push(now() - start);
  }
  const s = summarize(sync);
  const a = summarize(async);
  return {
    events,
    sync: { ms: s, eventsPerSecond: events / (s.median / 1000) },
    async: { ms: a, eventsPerSecond: events / (a.median / 1000) },
    ratio: a.median / s.median,
  };
}

export async function run({ quick, serverUrl }) {
  const server = await useServer(serverUrl);
  const calls = quick ? 50 : 1000;
  const warmup = quick ? 10 : 100;
  try {
    const gemini = await perCall(
      createGeminiModels({ apiKey: API_KEY, baseUrl: server.url }),
      createGeminiAsyncModels({ apiKey: API_KEY, baseUrl: server.url }),
      'bench-model',
      { calls, warmup },
    );
    const bridgedMock = createBridgedModels({
      module: '@colloquy/provider-mock',
      exportName: 'createMockAsyncModels',
      parentUrl: import.meta.url,
    });
    const mock = await perCall(bridgedMock, createMockAsyncModels(), 'bench-model', {
      calls,
      warmup,
    });
    bridgedMock.close();
    const stream = await streaming(server.url, {
      events: quick ? 2_000 : 20_000,
      runs: quick ? 1 : 7,
    });
    const targets = [
      {
        id: 'bridge-call-gemini',
        label: 'Sync bridge overhead per call (gemini adapter, loopback HTTP)',
        value: round(gemini.overheadMs, 3),
        unit: 'ms',
        target: REPORTED,
        met: undefined,
        detail: `${round(gemini.sync.median, 3)} ms blocking vs ${round(gemini.async.median, 3)} ms async`,
      },
      {
        id: 'bridge-call-mock',
        label: 'Sync bridge overhead per call (mock via createBridgedModels)',
        value: round(mock.overheadMs, 3),
        unit: 'ms',
        target: REPORTED,
        met: undefined,
        detail: `${round(mock.sync.median, 3)} ms blocking vs ${round(mock.async.median, 3)} ms async`,
      },
      {
        id: 'bridge-stream',
        label: 'Streaming through the bridge: Chat (blocking) / AsyncChat throughput',
        value: round(stream.ratio, 2),
        unit: 'x',
        target: REPORTED,
        met: undefined,
        detail: `${round(stream.sync.eventsPerSecond, 0)} vs ${round(stream.async.eventsPerSecond, 0)} events/s`,
      },
    ];
    return {
      name: 'sync-bridge',
      notes: [
        `${calls} calls each way after ${warmup} warm-up calls, alternating in blocks of 10.`,
        'The bench server runs in its own process, so the blocked main thread never starves it.',
      ],
      perCall: { gemini, mock },
      stream,
      targets,
    };
  } finally {
    await server.close();
  }
}
