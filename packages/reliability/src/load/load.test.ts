import { setTimeout as sleep } from 'node:timers/promises';
import { type AsyncChat, AsyncChats, type Content } from '@colloquy/chat-core';
import {
  createFakeProvider,
  type FakeProvider,
  type FakeServer,
  type LoggedRequest,
  startFakeServer,
} from '@colloquy/test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdapterUnderTest, adapters } from '../harness/adapters';
import { canaryKeys } from '../harness/canary-keys';
import { writeReportArtifact } from '../harness/report-artifact';
import { collectUnhandledRejections } from '../harness/unhandled-rejections';

const CHATS = 200;
const TURNS = 20;
const FAULT_RATE = 0.05;
// With 5% of attempts failing, 4 retries leave ~3e-7 of sends failing: almost every fault
// is absorbed, and a turn that still fails is checked like any other. The deadlines are long
// on purpose: 200 simultaneous connects to one loopback listener overflow its accept queue
// here, and the kernel's SYN retransmits (1 s, then 3 s) would turn into request timeouts.
// A timed-out attempt still reaches the fake later, which would then log it out of order.
const SETTINGS = { timeout: 30_000, idleTimeout: 30_000, maxRetries: 4, maxRetryDelay: 5 };
// Bulk per message, so that 200 chats weigh megabytes and a leak of them shows in the heap.
const PADDING = 'x'.repeat(1200);

const unhandled = collectUnhandledRejections();

const gc = (globalThis as { gc?: () => void }).gc;

async function settledHeap(): Promise<number> {
  if (!gc) throw new Error('run with --expose-gc (vitest.config.ts sets execArgv)');
  // Several rounds, with turns of the event loop between them, for finalizers and sockets.
  for (let round = 0; round < 6; round++) {
    gc();
    await sleep(20);
  }
  return process.memoryUsage().heapUsed;
}

interface ChatRun {
  index: number;
  adapter: AdapterUnderTest;
  tag: string;
  /** Per turn: the error, or undefined for success. */
  failures: Array<unknown | undefined>;
}

const tagOf = (index: number) => `load-chat-${index}`;
const messageOf = (index: number, turn: number) => `${tagOf(index)} turn ${turn} ${PADDING}`;
const historyOf = (index: number): Content[] => [
  { role: 'user', parts: [{ text: tagOf(index) }] },
  { role: 'model', parts: [{ text: `Hello, ${tagOf(index)}` }] },
];

/** Sends all turns of all chats at once: each chat's AsyncChat must keep call order. */
async function runLoad(
  chatsByAdapter: Map<string, AsyncChats>,
  count: number,
  keep: AsyncChat[] | undefined,
): Promise<{ runs: ChatRun[]; refs: WeakRef<AsyncChat>[] }> {
  const runs: ChatRun[] = [];
  const refs: WeakRef<AsyncChat>[] = [];
  const sends: Promise<void>[] = [];
  for (let index = 0; index < count; index++) {
    const adapter = adapters[index % adapters.length] as AdapterUnderTest;
    const chats = chatsByAdapter.get(adapter.name) as AsyncChats;
    const chat = chats.create({ model: adapter.model, history: historyOf(index) });
    refs.push(new WeakRef(chat));
    keep?.push(chat);
    const run: ChatRun = { index, adapter, tag: tagOf(index), failures: [] };
    runs.push(run);
    for (let turn = 0; turn < TURNS; turn++) {
      const message = messageOf(index, turn);
      // Odd turns stream; each stream is read as soon as the chat hands it over.
      const send =
        turn % 2 === 0
          ? chat.sendMessage(message).then(() => undefined)
          : chat.sendMessageStream(message).then(async (stream) => {
              for await (const _chunk of stream) {
                // Read to the end: history is recorded after the last chunk.
              }
            });
      sends.push(
        send.then(
          () => {
            run.failures[turn] = undefined;
          },
          (error: unknown) => {
            run.failures[turn] = error;
          },
        ),
      );
    }
  }
  await Promise.all(sends);
  return { runs, refs };
}

function textOf(content: Content | undefined): string {
  return (content?.parts ?? []).map((part) => part.text ?? '').join('');
}

const neutral = (contents: readonly Content[]) =>
  contents.map((c) => ({ role: c.role === 'model' ? 'assistant' : 'user', text: textOf(c) }));

/**
 * Checks every chat against what its successful turns say. A separate, synchronous function:
 * a suspended async test would keep its loop variables (the last chat) reachable.
 */
function verify(
  runs: readonly ChatRun[],
  kept: readonly AsyncChat[],
  fakes: ReadonlyMap<string, FakeProvider>,
): { problems: string[]; failedTurns: number; retries: number } {
  const problems: string[] = [];
  let failedTurns = 0;
  let retries = 0;
  for (const run of runs) {
    const chat = kept[run.index] as AsyncChat;
    const fake = fakes.get(run.adapter.name) as FakeProvider;
    const succeeded = run.failures.map((failure) => failure === undefined);
    failedTurns += succeeded.filter((ok) => !ok).length;

    // Curated = exactly the complete turns, in call order; nothing else was recorded.
    const expected: Content[] = [...historyOf(run.index)];
    for (let turn = 0; turn < TURNS; turn++) {
      if (!succeeded[turn]) continue;
      expected.push({ role: 'user', parts: [{ text: messageOf(run.index, turn) }] });
      expected.push({ role: 'model', parts: [{ text: `Echo: ${messageOf(run.index, turn)}` }] });
    }
    const curated = chat.getHistory(true);
    if (JSON.stringify(neutral(curated)) !== JSON.stringify(neutral(expected))) {
      problems.push(`${run.tag}: curated history differs`);
    }
    if (JSON.stringify(chat.getHistory(false)) !== JSON.stringify(curated)) {
      problems.push(`${run.tag}: comprehensive history differs from curated`);
    }
    const statuses = chat.getTurns().map((turn) => turn.status);
    const wanted = ['history', ...succeeded.filter(Boolean).map(() => 'complete')];
    if (JSON.stringify(statuses) !== JSON.stringify(wanted)) {
      problems.push(`${run.tag}: turn statuses ${statuses.join(',')}`);
    }
    for (const [turn, failure] of run.failures.entries()) {
      const name = (failure as Error | undefined)?.name;
      if (
        failure !== undefined &&
        !['ServerError', 'RateLimitError', 'ConnectionError'].includes(name ?? '')
      ) {
        problems.push(`${run.tag} turn ${turn}: unexpected ${name}: ${(failure as Error).message}`);
      }
    }

    // Each request for this chat carried exactly the curated history so far, and the
    // requests came in call order.
    const requests = fake.requests.filter(
      (request: LoggedRequest) => request.parsed?.messages[0]?.text === run.tag,
    );
    let lastTurn = -1;
    const perTurn = new Array<number>(TURNS).fill(0);
    for (const request of requests) {
      const messages = request.parsed?.messages ?? [];
      const turn = Number(/ turn (\d+) /.exec(messages.at(-1)?.text ?? '')?.[1] ?? -1);
      if (turn < lastTurn)
        problems.push(`${run.tag}: turn ${turn} was sent after turn ${lastTurn}`);
      lastTurn = turn;
      perTurn[turn] = (perTurn[turn] ?? 0) + 1;
      const sofar = [...historyOf(run.index)];
      for (let t = 0; t < turn; t++) {
        if (!succeeded[t]) continue;
        sofar.push({ role: 'user', parts: [{ text: messageOf(run.index, t) }] });
        sofar.push({ role: 'model', parts: [{ text: `Echo: ${messageOf(run.index, t)}` }] });
      }
      sofar.push({ role: 'user', parts: [{ text: messageOf(run.index, turn) }] });
      const carried = messages.map((m) => ({ role: m.role, text: m.text }));
      if (JSON.stringify(carried) !== JSON.stringify(neutral(sofar))) {
        problems.push(`${run.tag}: the request for turn ${turn} carried other history`);
      }
    }
    for (let turn = 0; turn < TURNS; turn++) {
      const count = perTurn[turn] ?? 0;
      retries += Math.max(0, count - 1);
      const expectedCount = succeeded[turn]
        ? [1, SETTINGS.maxRetries + 1]
        : [SETTINGS.maxRetries + 1, SETTINGS.maxRetries + 1];
      if (count < (expectedCount[0] as number) || count > (expectedCount[1] as number)) {
        problems.push(`${run.tag} turn ${turn}: ${count} request(s)`);
      }
    }
  }
  return { problems, failedTurns, retries };
}

describe('load: 200 chats × 20 turns at once, random latency, 5% faults', () => {
  let server: FakeServer;
  const fakes = new Map<string, FakeProvider>();
  const chatsByAdapter = new Map<string, AsyncChats>();

  beforeAll(async () => {
    for (const [i, adapter] of adapters.entries()) {
      fakes.set(
        adapter.name,
        createFakeProvider(adapter.name, {
          apiKey: canaryKeys[adapter.name],
          latencyMs: [0, 15],
          faultRate: FAULT_RATE,
          seed: 20260 + i,
        }),
      );
    }
    server = await startFakeServer([...fakes.values()]);
    for (const adapter of adapters) {
      const models = adapter.createAsync({
        ...SETTINGS,
        apiKey: canaryKeys[adapter.name],
        baseUrl: server.baseUrlFor(adapter.name),
      });
      chatsByAdapter.set(adapter.name, new AsyncChats(models));
    }
  });

  afterAll(async () => {
    await server?.close();
    expect(unhandled.reasons).toEqual([]);
  });

  it('keeps every history exact, sends in call order, and frees the chats', async () => {
    // Warm up (JIT, sockets, module state), then take the baseline.
    await runLoad(chatsByAdapter, 6, undefined);
    for (const fake of fakes.values()) fake.reset();
    const baseline = await settledHeap();

    const kept: AsyncChat[] = [];
    const { runs, refs } = await runLoad(chatsByAdapter, CHATS, kept);
    const { problems, failedTurns, retries } = verify(runs, kept, fakes);
    // The fakes' request logs are test equipment, not the library's: dropped before measuring.
    for (const fake of fakes.values()) fake.reset();
    const loaded = await settledHeap();
    expect(problems.slice(0, 20)).toEqual([]);
    // The faults happened and were absorbed: retries were needed, few turns failed.
    expect(retries).toBeGreaterThan(CHATS * TURNS * FAULT_RATE * 0.5);
    expect(failedTurns).toBeLessThan(CHATS * TURNS * 0.01);

    // Drop everything that refers to the chats, then look.
    kept.length = 0;
    runs.length = 0;
    const after = await settledHeap();
    const alive = refs.filter((ref) => ref.deref() !== undefined).length;
    writeReportArtifact(
      'load',
      [
        `${CHATS} async chats (chat i on adapter i mod ${adapters.length}) × ${TURNS} turns, all sent at once (even turns unary, odd turns streamed), fake latency 0–15 ms, ${FAULT_RATE * 100}% injected faults (500, 503, 429, reset before headers; seeded), maxRetries ${SETTINGS.maxRetries}.`,
        '',
        `- Last run: ${retries} retries absorbed the faults; ${failedTurns} turn(s) still failed (each checked: retryable class, nothing recorded).`,
        '- Every chat: curated history = exactly its complete turns in call order; comprehensive = curated; every request the fake received for it carried exactly the curated history so far; the requests of one chat arrived in call order.',
        `- Heap after gc grew by megabytes while the chats were alive and fell back to within the allowed margin of its baseline (8 MB, or a quarter of the growth) once they were dropped; ${alive} of ${refs.length} chats still reachable. (Figures vary run to run; the test asserts them.)`,
      ].join('\n'),
    );
    expect(alive).toBe(0);
    const grewWhileLoaded = loaded - baseline;
    // The chats weighed megabytes; what stays must be a small part of that (a generous
    // margin for allocator and JIT noise).
    expect(grewWhileLoaded).toBeGreaterThan(8 * 1024 * 1024);
    expect(after - baseline).toBeLessThan(Math.max(8 * 1024 * 1024, grewWhileLoaded * 0.25));
  });
});
