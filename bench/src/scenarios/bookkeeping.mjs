// Scenario 1: session bookkeeping. A conversation of N turns over an in-process transport
// that answers at once, so all that is measured is what the chat does per turn.
//
// - ours: AsyncChat (and the blocking Chat) of @colloquy/chat-core over a stub AsyncModels.
// - @google/genai: its Chat, built with `new Chats(stubModelsModule, apiClient)`, the seam its
//   own `ai.chats` uses (Chats only calls modelsModule.generateContent/generateContentStream;
//   the apiClient is stored and never touched by sendMessage).
// - limit: a loop that only builds each turn's request array (history + new user turn) and
//   appends the two turns; nothing else. Shown beside it (not a target): the same loop calling
//   and awaiting the stub transport, the least an asynchronous chat can do.
import { AsyncChats, Chats } from '@colloquy/chat-core';
import { Chats as GenaiChats, GenerateContentResponse as GenaiResponse } from '@google/genai';
import { now, round, settle, summarize } from '../lib/stats.mjs';
import { REPORTED } from '../lib/targets.mjs';

const MODEL = 'bench-model';

/** The reply of turn i as plain data, fresh each time (as an adapter would produce it). */
function replyData(i) {
  return {
    candidates: [
      {
        content: { role: 'model', parts: [{ text: `Reply number ${i}: the sky is blue.` }] },
        finishReason: 'STOP',
        index: 0,
      },
    ],
    usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 8, totalTokenCount: 18 },
  };
}

function question(i) {
  return `Question number ${i}: why is the sky blue?`;
}

/** Defeats dead-code elimination: every request array is looked at. */
let sink = 0;

function oursAsyncModels() {
  let i = 0;
  return {
    specificationVersion: 'v1',
    async generateContent(params) {
      sink += params.contents.length;
      return replyData(i++);
    },
    async generateContentStream() {
      throw new Error('not used');
    },
  };
}

function oursSyncModels() {
  let i = 0;
  return {
    specificationVersion: 'v1',
    generateContent(params) {
      sink += params.contents.length;
      return replyData(i++);
    },
    generateContentStream() {
      throw new Error('not used');
    },
  };
}

function genaiModelsModule() {
  let i = 0;
  return {
    async generateContent(params) {
      sink += params.contents.length;
      return Object.assign(new GenaiResponse(), replyData(i++));
    },
    async generateContentStream() {
      throw new Error('not used');
    },
  };
}

/** Each runner plays one conversation of n turns and returns when it is done. */
export const runners = {
  limit(n) {
    const history = [];
    for (let i = 0; i < n; i++) {
      const user = { role: 'user', parts: [{ text: question(i) }] };
      const contents = history.concat([user]);
      sink += contents.length;
      history.push(user, replyData(i).candidates[0].content);
    }
    sink += history.length;
  },
  /** The limit as an async chat must run it: the same stub transport, awaited. */
  async limitAsync(n) {
    const models = oursAsyncModels();
    const history = [];
    for (let i = 0; i < n; i++) {
      const user = { role: 'user', parts: [{ text: question(i) }] };
      const reply = await models.generateContent({
        model: MODEL,
        contents: history.concat([user]),
      });
      history.push(user, reply.candidates[0].content);
    }
    sink += history.length;
  },
  async ours(n) {
    const chat = new AsyncChats(oursAsyncModels()).create({ model: MODEL });
    for (let i = 0; i < n; i++) {
      const reply = await chat.sendMessage(question(i));
      sink += reply.candidates.length;
    }
  },
  oursSync(n) {
    const chat = new Chats(oursSyncModels()).create({ model: MODEL });
    for (let i = 0; i < n; i++) {
      const reply = chat.sendMessage(question(i));
      sink += reply.candidates.length;
    }
  },
  async genai(n) {
    const chat = new GenaiChats(genaiModelsModule(), {}).create({ model: MODEL });
    for (let i = 0; i < n; i++) {
      const reply = await chat.sendMessage({ message: question(i) });
      sink += reply.candidates.length;
    }
  },
};

function perRun(times, n, conversations) {
  const total = summarize(times);
  const turns = n * conversations;
  return {
    n,
    conversations,
    runs: times.length,
    totalMs: total,
    perTurnUs: {
      median: (total.median * 1000) / turns,
      min: (total.min * 1000) / turns,
      max: (total.max * 1000) / turns,
    },
  };
}

/**
 * Times `conversations` conversations of n turns with each named runner, `runs` times after
 * `warmup` untimed runs. Runners take turns run by run (in a rotating order), so drifting
 * background load hits them alike. Returns per runner the run totals (ms) summarised and the
 * per-turn cost (µs).
 */
async function timeInterleaved(names, n, conversations, runs, warmup) {
  for (let w = 0; w < warmup; w++) {
    for (const name of names) for (let c = 0; c < conversations; c++) await runners[name](n);
  }
  const times = names.map(() => []);
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < names.length; k++) {
      const index = (k + r) % names.length;
      const runner = runners[names[index]];
      await settle(5, { gc: false });
      const start = now();
      for (let c = 0; c < conversations; c++) await runner(n);
      times[index].push(now() - start);
    }
  }
  return Object.fromEntries(names.map((name, i) => [name, perRun(times[i], n, conversations)]));
}

export async function run({ quick }) {
  const sizes = quick ? [10, 100, 1000] : [10, 100, 1000, 5000];
  // Turns played per run at each size, so small N is not dominated by timer resolution.
  const turnsPerRun = quick ? 2_000 : 20_000;
  const runs = quick ? 2 : 7;
  const genaiCap = quick ? 100 : 2000;
  const genaiSizes = quick ? [10, 100] : [10, 100, 1000, 2000];

  const ours = ['limit', 'limitAsync', 'ours', 'oursSync'];
  const perN = { limit: [], limitAsync: [], ours: [], oursSync: [], genai: [] };
  for (const n of sizes) {
    const conversations = Math.max(1, Math.round(turnsPerRun / n));
    const timed = await timeInterleaved(ours, n, conversations, runs, 1);
    for (const name of ours) perN[name].push(timed[name]);
  }

  // Total time of one conversation of 2,000 turns (the brief's comparison point).
  const totalN = quick ? 200 : 2000;
  // Several conversations back to back per run, reported per conversation: one alone is
  // dominated by where young-generation GCs happen to fall.
  const perConversation = (timed, conversations) => {
    for (const row of Object.values(timed)) {
      for (const key of ['median', 'min', 'max', 'q1', 'q3']) row.totalMs[key] /= conversations;
    }
    return timed;
  };
  const at2000 = perConversation(
    await timeInterleaved(ours, totalN, quick ? 2 : 5, quick ? 2 : 11, 2),
    quick ? 2 : 5,
  );

  for (const n of genaiSizes) {
    // @google/genai re-curates and deep-copies the whole history twice per send: quadratic.
    const conversations = Math.max(1, Math.round((quick ? 200 : 2000) / n));
    const genaiRuns = n >= 1000 ? (quick ? 1 : 3) : runs;
    const timed = await timeInterleaved(['genai'], n, conversations, genaiRuns, n >= 1000 ? 0 : 1);
    perN.genai.push(timed.genai);
  }
  at2000.genai = totalN <= genaiCap ? perN.genai.find((r) => r.n === totalN) : undefined;

  // Bookkeeping per turn = our per-turn cost minus the limit's (which is the request array
  // and the two appends). Target: at N=1,000 within 1.5x of N=10.
  const bookkeeping = sizes.map((n, k) => ({
    n,
    oursUs: perN.ours[k].perTurnUs.median,
    limitUs: perN.limit[k].perTurnUs.median,
    bookkeepingUs: perN.ours[k].perTurnUs.median - perN.limit[k].perTurnUs.median,
    syncBookkeepingUs: perN.oursSync[k].perTurnUs.median - perN.limit[k].perTurnUs.median,
  }));
  const b10 = bookkeeping.find((b) => b.n === 10);
  const b1000 = bookkeeping.find((b) => b.n === 1000);
  const growth = b1000.bookkeepingUs / b10.bookkeepingUs;

  const oursTotal = at2000.ours.totalMs.median;
  const limitTotal = at2000.limit.totalMs.median;
  const genaiTotal = at2000.genai?.totalMs.median;
  const targets = [
    {
      id: 'bookkeeping-flat',
      label: `Bookkeeping per turn (ours minus limit) at N=1,000 vs N=10`,
      value: round(growth, 2),
      unit: 'x',
      target: REPORTED,
      met: undefined,
      detail: `${round(b1000.bookkeepingUs, 2)} µs vs ${round(b10.bookkeepingUs, 2)} µs`,
    },
    {
      id: 'bookkeeping-vs-limit',
      label: `Total time, ${totalN} turns: ours / limit`,
      value: round(oursTotal / limitTotal, 2),
      unit: 'x',
      target: '≤ 2x',
      met: oursTotal / limitTotal <= 2,
      detail: `${round(oursTotal, 1)} ms vs ${round(limitTotal, 1)} ms`,
    },
  ];
  if (genaiTotal !== undefined) {
    targets.push({
      id: 'bookkeeping-vs-genai',
      label: `Total time, ${totalN} turns: @google/genai / ours`,
      value: round(genaiTotal / oursTotal, 0),
      unit: 'x',
      target: '≥ 100x',
      met: genaiTotal / oursTotal >= 100,
      detail: `${round(genaiTotal, 0)} ms vs ${round(oursTotal, 1)} ms`,
    });
  }
  return {
    name: 'bookkeeping',
    notes: [
      `Per-turn cost = run time / turns played; each run plays ${turnsPerRun} turns split into conversations of N turns (@google/genai: ${quick ? 200 : 2000} turns per run, one conversation at N ≥ 1,000).`,
      `@google/genai is measured up to N=${genaiCap} only: it re-curates and structuredClones the whole history twice per send, so N=5,000 would take minutes.`,
    ],
    perN,
    bookkeeping,
    at2000: { n: totalN, ...at2000 },
    targets,
    sink,
  };
}
