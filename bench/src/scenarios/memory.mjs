// Scenario 5: memory. Needs `node --expose-gc`.
//
// A. Retained heap of a long session: heapUsed after full GC before and after playing N turns
//    (10,000) on one AsyncChat over an in-process transport, with the chat kept reachable,
//    divided by the size of its history as JSON (UTF-8 bytes of JSON.stringify(getHistory())).
//    Every text is a distinct string (replies are JSON.parse'd per turn, as an adapter would),
//    so nothing is shared between turns. Measured for three message sizes: "chat" (a 60-char
//    question, a 400-char reply; the target), "short" (20 and 40 chars), where fixed per-turn
//    costs weigh most, and "long" (150 and 1,500 chars).
// B. No growth over many sends once history is reset: 10,000 sends, a fresh chat every 100
//    sends; heapUsed after full GC at the start (after 1,000 warm-up sends) and at the end, and
//    at each tenth in between.
import { AsyncChats } from '@colloquy/chat-core';
import { round } from '../lib/stats.mjs';
import { REPORTED } from '../lib/targets.mjs';

const FILLER = 'The quick brown fox jumps over the lazy dog while the sky stays blue. ';

function textOf(i, length) {
  let text = `#${i} `;
  while (text.length < length) text += FILLER;
  // Flat, like text from readline or a parsed HTTP body. A plain slice would be a V8 sliced
  // string that keeps its longer parent alive, and the session would be charged for the
  // bench's own string building (measured: 1.55x with slices vs 1.43x flat).
  return JSON.parse(JSON.stringify(text.slice(0, length)));
}

function stubModels(replyLength) {
  let i = 0;
  return {
    specificationVersion: 'v1',
    async generateContent() {
      // A fresh, flat reply per turn, parsed from JSON as an adapter would produce it.
      const text = JSON.stringify(textOf(i++, replyLength));
      return JSON.parse(
        `{"candidates":[{"content":{"role":"model","parts":[{"text":${text}}]},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":10,"candidatesTokenCount":80,"totalTokenCount":90}}`,
      );
    },
    async generateContentStream() {
      throw new Error('not used');
    },
  };
}

function heapAfterGc() {
  for (let i = 0; i < 3; i++) globalThis.gc();
  return process.memoryUsage().heapUsed;
}

/**
 * The least of a few post-GC readings taken a macrotask apart. A single reading sometimes
 * carries 0.2–0.3 MiB of transient objects (the last send's promise reactions and the like);
 * those spikes are upward only, so the minimum is the steady heap.
 */
async function steadyHeap() {
  let least = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    await new Promise((resolve) => setTimeout(resolve, 1));
    least = Math.min(least, heapAfterGc());
  }
  return least;
}

async function retained(turns, questionLength, replyLength) {
  const chats = new AsyncChats(stubModels(replyLength));
  // Warm the code paths so compiled code and feedback are not counted as the session's.
  const warm = chats.create({ model: 'bench' });
  for (let i = 0; i < 200; i++) await warm.sendMessage(textOf(i, questionLength));
  const before = await steadyHeap();
  const chat = chats.create({ model: 'bench' });
  for (let i = 0; i < turns; i++) await chat.sendMessage(textOf(i, questionLength));
  const after = await steadyHeap();
  const history = chat.getHistory();
  const jsonBytes = Buffer.byteLength(JSON.stringify(history));
  if (history.length !== turns * 2) throw new Error(`history has ${history.length} contents`);
  const retainedBytes = after - before;
  const floor = await bareContents(turns, questionLength, replyLength, jsonBytes);
  return {
    turns,
    questionLength,
    replyLength,
    floorRatio: floor,
    retainedBytes,
    jsonBytes,
    ratio: retainedBytes / jsonBytes,
    bytesPerTurn: retainedBytes / turns,
    chatStillReachable: chat.getTurns().length === turns,
  };
}

/**
 * The floor of this data model: the same contents (a user Content and a parsed model Content
 * per turn) held in a bare array and nothing else, as a ratio to the same JSON size.
 */
async function bareContents(turns, questionLength, replyLength, jsonBytes) {
  const before = await steadyHeap();
  const history = [];
  for (let i = 0; i < turns; i++) {
    history.push({ role: 'user', parts: [{ text: textOf(i, questionLength) }] });
    const text = JSON.stringify(textOf(i, replyLength));
    const content = JSON.parse(`{"content":{"role":"model","parts":[{"text":${text}}]}}`).content;
    history.push(content);
  }
  const after = await steadyHeap();
  if (history.length !== turns * 2) throw new Error('lost a content');
  return (after - before) / jsonBytes;
}

async function growth(sends, perChat) {
  const chats = new AsyncChats(stubModels(400));
  let chat;
  const play = async (count, offset) => {
    for (let i = 0; i < count; i++) {
      if ((offset + i) % perChat === 0) chat = chats.create({ model: 'bench' });
      await chat.sendMessage(textOf(offset + i, 60));
    }
    // Every step ends on a chat boundary: drop the last chat so only leaks remain.
    chat = undefined;
  };
  await play(1000, 0);
  const samples = [await steadyHeap()];
  const step = sends / 10;
  for (let k = 0; k < 10; k++) {
    await play(step, 1000 + k * step);
    samples.push(await steadyHeap());
  }
  const start = samples[0];
  const end = samples[samples.length - 1];
  // Least-squares slope over the 11 samples: steadier than end - start alone.
  const xs = samples.map((_, k) => k * step);
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = samples.reduce((a, b) => a + b, 0) / samples.length;
  let num = 0;
  let den = 0;
  for (let k = 0; k < xs.length; k++) {
    num += (xs[k] - mx) * (samples[k] - my);
    den += (xs[k] - mx) ** 2;
  }
  const slope = num / den;
  return {
    sends,
    perChat,
    startBytes: start,
    endBytes: end,
    growthBytes: end - start,
    slopeBytesPerSend: slope,
    fittedGrowthBytes: slope * sends,
    samples,
  };
}

export async function run({ quick }) {
  if (typeof globalThis.gc !== 'function') throw new Error('run with node --expose-gc');
  const turns = quick ? 2_000 : 10_000;
  const chat = await retained(turns, 60, 400);
  const short = await retained(turns, 20, 40);
  const long = await retained(turns, 150, 1500);
  const noGrowth = await growth(quick ? 2_000 : 10_000, 100);
  return {
    name: 'memory',
    notes: [
      "heapUsed after three forced full GCs (node --expose-gc), the least of three such readings a macrotask apart (single readings sometimes carry 0.2–0.3 MiB of transient objects, such as the last send's promise reactions); the session stays reachable while measured.",
      '"Bare Content[]" is the floor of the data model: the same contents held in a plain array and nothing else (the JSON size is the session\'s).',
      '"Heap growth" compares the heap after 1,000 warm-up sends with the heap at the end; a leak shows as growth in proportion to the sends.',
    ],
    retained: { chat, short, long },
    noGrowth,
    targets: [
      {
        id: 'memory-retained',
        label: `Retained heap of a ${turns.toLocaleString('en-US')}-turn session / JSON size of its history (60-char questions, 400-char replies)`,
        value: round(chat.ratio, 2),
        unit: 'x',
        target: '≤ 1.6x',
        met: chat.ratio <= 1.6,
        detail: `${round(chat.retainedBytes / 1048576, 2)} MiB vs ${round(chat.jsonBytes / 1048576, 2)} MiB; the same contents in a bare array: ${round(chat.floorRatio, 2)}x; short messages (20/40 chars): ${round(short.ratio, 2)}x; long (150/1,500): ${round(long.ratio, 2)}x`,
      },
      {
        id: 'memory-growth',
        label: `Heap growth over ${noGrowth.sends.toLocaleString('en-US')} sends, fresh chat every ${noGrowth.perChat}`,
        value: round(noGrowth.growthBytes / 1024, 1),
        unit: 'KiB',
        target: REPORTED,
        met: undefined,
        detail: `end − start; fitted slope ${round(noGrowth.slopeBytesPerSend, 2)} bytes per send`,
      },
    ],
  };
}
