import type { Content, SessionStore, TurnInput } from '@colloquy/chat-core';
import type { MakeStore, StoreTestOptions, StoreUnderTest } from './store-under-test';

export const LEASE_MS = 30_000;
const CHECKPOINT_MS = 1_000;

/** A fake clock every store of a case shares: cases move time instead of sleeping. */
export interface FakeClock {
  now(): number;
  advance(ms: number): void;
  set(ms: number): void;
}

export interface StoreCaseContext {
  clock: FakeClock;
  /** Opens a store for the running case; the suite closes and cleans it up afterwards. */
  open(options?: { ttlMs?: number }): Promise<StoreUnderTest>;
  /** A second store over the same data as `under`, closed after the case too. */
  connect(under: StoreUnderTest): Promise<SessionStore>;
}

export function createStoreCaseContext(makeStore: MakeStore): StoreCaseContext & {
  dispose(): Promise<void>;
} {
  let time = Date.UTC(2026, 0, 1);
  const clock: FakeClock = {
    now: () => time,
    advance: (ms) => {
      time += ms;
    },
    set: (ms) => {
      time = ms;
    },
  };
  let opened: StoreUnderTest[] = [];
  let connected: SessionStore[] = [];
  return {
    clock,
    async open(extra = {}) {
      const options: StoreTestOptions = {
        leaseMs: LEASE_MS,
        checkpointMs: CHECKPOINT_MS,
        now: clock.now,
        ...extra,
      };
      const under = await makeStore(options);
      opened.push(under);
      return under;
    },
    async connect(under) {
      const store = await under.connect();
      connected.push(store);
      return store;
    },
    async dispose() {
      const [stores, unders] = [connected, opened];
      connected = [];
      opened = [];
      time = Date.UTC(2026, 0, 1);
      for (const store of stores) await store.close();
      for (const under of unders) await under.store.close();
      for (const under of unders) await under.cleanup?.();
    },
  };
}

let counter = 0;
/** A unique id for this run, so cases never collide even on a shared backend. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}-${counter}-${Math.random().toString(36).slice(2, 8)}`;
}

export const userText = (text: string): Content => ({ role: 'user', parts: [{ text }] });
export const modelText = (text: string): Content => ({ role: 'model', parts: [{ text }] });

/** A complete text turn. */
export function textTurn(turnId: string, question: string, answer: string): TurnInput {
  return { turnId, status: 'complete', contents: [userText(question), modelText(answer)] };
}

/** Begins, checkpoints and commits one complete turn at the session's current version. */
export async function sendTurn(
  store: SessionStore,
  sessionId: string,
  turnId: string,
  question: string,
  answer: string,
): Promise<number> {
  const loaded = await store.load(sessionId);
  await store.beginTurn({
    sessionId,
    expectedVersion: loaded?.head.version ?? 0,
    turnId,
    contents: [userText(question)],
    session: { model: 'test-model' },
  });
  await store.checkpoint({
    sessionId,
    turnId,
    contents: [userText(question), modelText(answer.slice(0, 3))],
  });
  const { version } = await store.commitTurn({
    sessionId,
    turn: textTurn(turnId, question, answer),
  });
  return version;
}
