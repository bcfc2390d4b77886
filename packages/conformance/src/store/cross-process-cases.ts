import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { expect, it } from 'vitest';
import { LEASE_MS, type StoreCaseContext, uniqueId, userText } from './store-case-context';
import type { StoreProcesses, StoreUnderTest } from './store-under-test';

// The child scripts ship in the package's `store-processes/` folder; the package resolves
// itself by name so the path holds from its build and from its source alike.
const scripts = join(
  dirname(
    createRequire(typeof __filename === 'string' ? __filename : import.meta.url).resolve(
      '@colloquy/conformance/package.json',
    ),
  ),
  'store-processes',
);

function startChild(
  script: string,
  processes: StoreProcesses,
  under: StoreUnderTest,
  args: Record<string, unknown>,
): { child: ChildProcess; exited: Promise<number | null> } {
  if (under.childOptions === undefined) {
    throw new TypeError(
      'describeStoreConformance: `processes` needs `childOptions` from makeStore',
    );
  }
  const argument = JSON.stringify({
    ...processes,
    options: { ...under.childOptions, leaseMs: LEASE_MS },
    ...args,
  });
  const child = spawn(process.execPath, [join(scripts, script), argument], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited };
}

/** A writer process killed mid-turn, and chats in several processes sending into one session. */
export function registerCrossProcessCases(
  context: StoreCaseContext,
  processes: StoreProcesses | undefined,
): void {
  const { clock } = context;
  const test = processes === undefined ? skipped : it;

  test('recovers the turn of a writer process killed mid-stream (SIGKILL) as interrupted with a prefix of its text', async () => {
    // The child writes on the real clock: start the suite's clock there.
    clock.set(Date.now());
    const under = await context.open();
    const { store } = under;
    const sessionId = uniqueId('killed');
    await store.create({ sessionId, model: 'm' });
    const { child, exited } = startChild('crash-mid-turn.mjs', processes as StoreProcesses, under, {
      sessionId,
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (data: Buffer) => {
        if (data.toString().includes('checkpointed')) resolve();
      });
      void exited.then((code) => reject(new Error(`the writer exited early (${code})`)));
    });
    child.kill('SIGKILL');
    await exited;

    // The dead writer's lease still runs: its turn is pending.
    expect((await store.load(sessionId))?.pending?.turnId).toBe('doomed');
    clock.set(Date.now() + LEASE_MS + 1_000);
    const loaded = await store.load(sessionId);
    expect(loaded?.pending).toBeUndefined();
    const turn = loaded?.turns[0];
    expect(turn).toMatchObject({ turnId: 'doomed', seq: 1, status: 'interrupted' });
    const text = turn?.contents[1]?.parts[0]?.text ?? '';
    expect(text.length).toBeGreaterThan(0);
    expect('Once upon a time'.startsWith(text)).toBe(true);

    const next = await store.beginTurn({
      sessionId,
      expectedVersion: loaded?.head.version ?? -1,
      turnId: 'after',
      contents: [userText('Go on.')],
    });
    expect(next.seq).toBe(2);
  });

  test('ends chats in 4 processes × 25 concurrent sends on one session with 100 complete turns, each message once, each sent on top of all before it', async () => {
    clock.set(Date.now());
    const under = await context.open();
    const sessionId = uniqueId('shared');
    const names = ['a', 'b', 'c', 'd'];
    const exits = names.map(
      (name) =>
        startChild('chat-sender.mjs', processes as StoreProcesses, under, {
          sessionId,
          name,
          count: 25,
        }).exited,
    );
    expect(await Promise.all(exits)).toEqual([0, 0, 0, 0]);

    const loaded = await under.store.load(sessionId);
    const turns = loaded?.turns ?? [];
    expect(turns.map((t) => t.seq)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1));
    expect(turns.every((t) => t.status === 'complete')).toBe(true);
    const expected = names.flatMap((name) => Array.from({ length: 25 }, (_, i) => `${name}-${i}`));
    expect(turns.map((t) => t.contents[0]?.parts[0]?.text).sort()).toEqual(expected.sort());
    expect(turns.map((t) => t.contents[1]?.parts[0]?.text)).toEqual(
      turns.map((t) => `saw ${2 * t.seq - 1}`),
    );
    expect(loaded?.pending).toBeUndefined();
  }, 120_000);
}

function skipped(title: string, body: () => Promise<void>, timeout?: number): void {
  it.skip(
    `${title} [skipped: no \`processes\` given: the store cannot be opened from another process]`,
    body,
    timeout,
  );
}
