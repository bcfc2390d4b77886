import { afterEach, describe, expect, it, vi } from 'vitest';
import { StreamGoneError } from '../errors/stream-gone-error';
import type { StreamEvent, StreamLog, StreamLogOptions } from './stream-log';

/** One case's log, opened fresh by the factory `describeStreamLogContract` is given. */
export interface StreamLogHarness {
  log: StreamLog;
  /**
   * Opens another log over the same backend, as a second server instance would. Leave it out
   * for a log no other instance can reach (memory): the cross-instance cases are skipped.
   */
  connect?: () => StreamLog;
  /** Removes what the case left in the backend; runs after every log of the case is closed. */
  cleanup?: () => Promise<void>;
}

const chunk = (n: number): StreamEvent => ({
  n,
  event: 'chunk',
  data: JSON.stringify({
    candidates: [{ content: { role: 'model', parts: [{ text: `c${n} ✓` }] } }],
  }),
});
const failed = (n: number): StreamEvent => ({
  n,
  event: 'error',
  data: '{"name":"ServerError","message":"The provider failed."}',
});
const done = (n: number): StreamEvent => ({ n, event: 'done', data: `{"seq":1,"n":${n}}` });

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of events) out.push(event);
  return out;
}

async function expectGone(events: AsyncIterable<StreamEvent>): Promise<void> {
  const error = await collect(events).catch((e: unknown) => e);
  expect(StreamGoneError.isInstance(error)).toBe(true);
}

/** Appends events 1..count as chunks (the last one `done` when `finish`), checking each lands. */
async function appendTurn(
  log: StreamLog,
  sessionId: string,
  turn: number,
  count: number,
  finish = true,
): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for (let n = 1; n <= count; n++) {
    const event = finish && n === count ? done(n) : chunk(n);
    expect(await log.append(sessionId, turn, event)).toBe(true);
    events.push(event);
  }
  return events;
}

// Loaded CI machines are slow; waits are for a condition, never a fixed time.
const waitLong = { timeout: 20_000, interval: 50 };

/**
 * The cases every `StreamLog` passes, whatever its backend. `makeLog` opens a fresh log
 * (with the options a case needs, such as a short `retainMs`) in its own namespace.
 */
export function describeStreamLogContract(
  name: string,
  makeLog: (options: StreamLogOptions) => StreamLogHarness | Promise<StreamLogHarness>,
): void {
  describe(`StreamLog contract: ${name}`, () => {
    const open: StreamLog[] = [];
    const cleanups: Array<() => Promise<void>> = [];

    async function setup(options: StreamLogOptions = {}) {
      const harness = await makeLog(options);
      open.push(harness.log);
      if (harness.cleanup) cleanups.push(harness.cleanup);
      const connect = harness.connect;
      return {
        log: harness.log,
        connect:
          connect &&
          (() => {
            const other = connect();
            open.push(other);
            return other;
          }),
      };
    }

    afterEach(async () => {
      await Promise.all(open.splice(0).map((log) => log.close()));
      for (const cleanup of cleanups.splice(0)) await cleanup();
    });

    describe('append', () => {
      it('numbers a turn 1, 2, 3... and refuses a repeated, skipped or late number', async () => {
        const { log } = await setup();
        expect(await log.append('s', 1, chunk(1))).toBe(true);
        expect(await log.append('s', 1, chunk(1))).toBe(false);
        expect(await log.append('s', 1, chunk(3))).toBe(false);
        expect(await log.append('s', 1, chunk(0))).toBe(false);
        expect(await log.append('s', 1, chunk(2))).toBe(true);
        expect(await log.lastEvent('s', 1)).toBe(2);
      });

      it('refuses the first event of a turn unless it is number 1', async () => {
        const { log } = await setup();
        expect(await log.append('s', 1, chunk(2))).toBe(false);
        expect(await log.lastEvent('s', 1)).toBe(0);
        expect(await log.latest('s')).toBeUndefined();
      });

      it('refuses anything after done', async () => {
        const { log } = await setup();
        await appendTurn(log, 's', 1, 2);
        expect(await log.append('s', 1, chunk(3))).toBe(false);
        expect(await log.append('s', 1, done(3))).toBe(false);
        expect(await log.lastEvent('s', 1)).toBe(2);
      });

      it('lets exactly one of two concurrent writers land the same number', async () => {
        const { log, connect } = await setup();
        const other = connect ? connect() : log;
        await appendTurn(log, 's', 1, 1, false);
        const landed = await Promise.all([
          log.append('s', 1, done(2)),
          other.append('s', 1, failed(2)),
        ]);
        expect(landed.filter(Boolean)).toHaveLength(1);
        expect(await log.lastEvent('s', 1)).toBe(2);
      });

      it('keeps turns and sessions apart', async () => {
        const { log } = await setup();
        await appendTurn(log, 's', 1, 3);
        await appendTurn(log, 's', 2, 2, false);
        await appendTurn(log, 't', 1, 1, false);
        expect(await log.lastEvent('s', 1)).toBe(3);
        expect(await log.lastEvent('s', 2)).toBe(2);
        expect(await log.lastEvent('t', 1)).toBe(1);
        expect(await log.lastEvent('t', 2)).toBe(0);
      });
    });

    describe('read', () => {
      it('replays a finished turn from the start, event by event, exactly as appended', async () => {
        const { log } = await setup();
        const events = [chunk(1), chunk(2), failed(3), done(4)];
        for (const event of events) expect(await log.append('s', 1, event)).toBe(true);
        expect(await collect(log.read('s', 1, 0, new AbortController().signal))).toEqual(events);
      });

      it('replays from the middle: only the events after the given number', async () => {
        const { log } = await setup();
        const events = await appendTurn(log, 's', 1, 5);
        expect(await collect(log.read('s', 1, 2, new AbortController().signal))).toEqual(
          events.slice(2),
        );
      });

      it('ends at once when reading after a finished turn’s last event', async () => {
        const { log } = await setup();
        await appendTurn(log, 's', 1, 3);
        expect(await collect(log.read('s', 1, 3, new AbortController().signal))).toEqual([]);
      });

      it('follows a running turn live, from its last event and from the start', async () => {
        const { log } = await setup();
        await appendTurn(log, 's', 1, 2, false);
        const controller = new AbortController();
        const fromLast = log.read('s', 1, 2, controller.signal)[Symbol.asyncIterator]();
        const fromStart = log.read('s', 1, 0, controller.signal)[Symbol.asyncIterator]();
        expect((await fromStart.next()).value).toEqual(chunk(1));
        expect((await fromStart.next()).value).toEqual(chunk(2));
        // Both readers are now waiting for events that do not exist yet.
        const nextOfLast = fromLast.next();
        const nextOfStart = fromStart.next();
        expect(await log.append('s', 1, chunk(3))).toBe(true);
        expect((await nextOfLast).value).toEqual(chunk(3));
        expect((await nextOfStart).value).toEqual(chunk(3));
        expect(await log.append('s', 1, done(4))).toBe(true);
        expect((await fromLast.next()).value).toEqual(done(4));
        expect((await fromLast.next()).done).toBe(true);
        expect((await fromStart.next()).value).toEqual(done(4));
        expect((await fromStart.next()).done).toBe(true);
      });

      it('serves many concurrent readers of one running turn, each every event once, in order', async () => {
        const { log } = await setup();
        await appendTurn(log, 's', 1, 1, false);
        const readers = await Promise.all(
          Array.from({ length: 40 }, async () => {
            const signal = new AbortController().signal;
            const reader = log.read('s', 1, 0, signal)[Symbol.asyncIterator]();
            const first = await reader.next();
            return { first: first.value, rest: collect({ [Symbol.asyncIterator]: () => reader }) };
          }),
        );
        const events = [chunk(1)];
        for (let n = 2; n <= 30; n++) {
          const event = n === 30 ? done(n) : chunk(n);
          expect(await log.append('s', 1, event)).toBe(true);
          events.push(event);
        }
        for (const reader of readers) {
          expect([reader.first, ...(await reader.rest)]).toEqual(events);
        }
      });

      it('ends quietly, without an error, when its signal aborts', async () => {
        const { log } = await setup();
        await appendTurn(log, 's', 1, 1, false);
        const controller = new AbortController();
        const reader = log.read('s', 1, 0, controller.signal)[Symbol.asyncIterator]();
        expect((await reader.next()).value).toEqual(chunk(1));
        const waiting = reader.next();
        controller.abort();
        expect((await waiting).done).toBe(true);
        // The turn goes on for everyone else.
        expect(await log.append('s', 1, done(2))).toBe(true);
        expect(await collect(log.read('s', 1, 0, new AbortController().signal))).toEqual([
          chunk(1),
          done(2),
        ]);
      });

      it('throws StreamGoneError for a turn the log does not hold', async () => {
        const { log } = await setup();
        await appendTurn(log, 's', 1, 2);
        await expectGone(log.read('unknown', 1, 0, new AbortController().signal));
        await expectGone(log.read('s', 2, 0, new AbortController().signal));
      });

      it('throws StreamGoneError from before the oldest event maxEvents kept', async () => {
        const { log } = await setup({ maxEvents: 3 });
        const events = await appendTurn(log, 's', 1, 6);
        expect(await log.lastEvent('s', 1)).toBe(6);
        await expectGone(log.read('s', 1, 0, new AbortController().signal));
        await expectGone(log.read('s', 1, 2, new AbortController().signal));
        expect(await collect(log.read('s', 1, 3, new AbortController().signal))).toEqual(
          events.slice(3),
        );
      });
    });

    describe('latest and lastEvent', () => {
      it('point at the session’s newest turn and its last event number', async () => {
        const { log } = await setup();
        expect(await log.latest('s')).toBeUndefined();
        expect(await log.lastEvent('s', 1)).toBe(0);
        await appendTurn(log, 's', 1, 2, false);
        expect(await log.latest('s')).toEqual({ turn: 1, finished: false });
        expect(await log.lastEvent('s', 1)).toBe(2);
        expect(await log.append('s', 1, done(3))).toBe(true);
        expect(await log.latest('s')).toEqual({ turn: 1, finished: true });
        expect(await log.lastEvent('s', 1)).toBe(3);
        await appendTurn(log, 's', 2, 1, false);
        expect(await log.latest('s')).toEqual({ turn: 2, finished: false });
        expect(await log.latest('t')).toBeUndefined();
      });
    });

    describe('retention', () => {
      it('drops a finished turn retainMs after its done, and keeps a running one', async () => {
        const { log } = await setup({ retainMs: 300 });
        await appendTurn(log, 'running', 1, 2, false);
        await appendTurn(log, 's', 1, 3);
        expect(await log.latest('s')).toEqual({ turn: 1, finished: true });
        await vi.waitFor(async () => expect(await log.latest('s')).toBeUndefined(), waitLong);
        expect(await log.lastEvent('s', 1)).toBe(0);
        await expectGone(log.read('s', 1, 0, new AbortController().signal));
        // The running turn started before, and is still there after.
        expect(await log.latest('running')).toEqual({ turn: 1, finished: false });
        expect(await log.lastEvent('running', 1)).toBe(2);
      });
    });

    describe('cancel', () => {
      it('reaches the turn’s onCancel listeners, and only theirs', async () => {
        const { log } = await setup();
        const calls: string[] = [];
        const off = await log.onCancel('s', 1, () => calls.push('s1'));
        await log.onCancel('s', 2, () => calls.push('s2'));
        await log.onCancel('t', 1, () => calls.push('t1'));
        await log.onCancel('s', 9, () => calls.push('marker'));
        await log.cancel('s', 1);
        await vi.waitFor(() => expect(calls).toContain('s1'), waitLong);
        // A later cancel as a marker: anything the first one reached has arrived by then.
        await log.cancel('s', 9);
        await vi.waitFor(() => expect(calls).toContain('marker'), waitLong);
        expect(calls).toEqual(['s1', 'marker']);

        await off();
        await log.cancel('s', 1);
        await log.cancel('s', 9);
        await vi.waitFor(() => expect(calls).toEqual(['s1', 'marker', 'marker']), waitLong);
      });

      it('resolves when nobody listens', async () => {
        const { log } = await setup();
        await expect(log.cancel('nobody', 1)).resolves.toBeUndefined();
      });
    });

    describe('idempotency keys', () => {
      it('claim records a key once; settle replaces its value; forget drops it', async () => {
        const { log } = await setup();
        expect(await log.claim('s', 'key', 'pending:a', 60_000)).toBeUndefined();
        expect(await log.claim('s', 'key', 'pending:b', 60_000)).toBe('pending:a');
        expect(await log.claim('t', 'key', 'pending:c', 60_000)).toBeUndefined();
        expect(await log.claim('s', 'other key', 'pending:d', 60_000)).toBeUndefined();
        await log.settle('s', 'key', 'turn:3');
        expect(await log.claim('s', 'key', 'pending:e', 60_000)).toBe('turn:3');
        await log.forget('s', 'key');
        expect(await log.claim('s', 'key', 'pending:f', 60_000)).toBeUndefined();
        expect(await log.claim('t', 'key', 'pending:g', 60_000)).toBe('pending:c');
      });

      it('a key expires after its ttlMs, settled or not', async () => {
        const { log } = await setup();
        expect(await log.claim('s', 'a', 'pending:1', 300)).toBeUndefined();
        expect(await log.claim('s', 'b', 'pending:2', 300)).toBeUndefined();
        await log.settle('s', 'b', 'turn:1');
        expect(await log.claim('s', 'b', 'pending:3', 300)).toBe('turn:1');
        for (const key of ['a', 'b']) {
          await vi.waitFor(
            async () => expect(await log.claim('s', key, 'again', 60_000)).toBeUndefined(),
            waitLong,
          );
        }
      });
    });

    describe('drop', () => {
      it('drops every turn and key of the session, and nothing of another', async () => {
        const { log } = await setup();
        await appendTurn(log, 's', 1, 3);
        await appendTurn(log, 's', 2, 2, false);
        await log.claim('s', 'key', 'turn:2', 60_000);
        await appendTurn(log, 't', 1, 2, false);
        await log.claim('t', 'key', 'turn:1', 60_000);

        await log.drop('s');
        expect(await log.latest('s')).toBeUndefined();
        expect(await log.lastEvent('s', 1)).toBe(0);
        expect(await log.lastEvent('s', 2)).toBe(0);
        await expectGone(log.read('s', 2, 0, new AbortController().signal));
        expect(await log.claim('s', 'key', 'pending:x', 60_000)).toBeUndefined();

        expect(await log.latest('t')).toEqual({ turn: 1, finished: false });
        expect(await log.lastEvent('t', 1)).toBe(2);
        expect(await log.claim('t', 'key', 'pending:y', 60_000)).toBe('turn:1');
      });

      it('ends a reader waiting on the session’s running turn with StreamGoneError', async () => {
        const { log } = await setup();
        await appendTurn(log, 's', 1, 1, false);
        const reader = log.read('s', 1, 0, new AbortController().signal)[Symbol.asyncIterator]();
        expect((await reader.next()).value).toEqual(chunk(1));
        const waiting = reader.next().catch((e: unknown) => e);
        await log.drop('s');
        expect(StreamGoneError.isInstance(await waiting)).toBe(true);
      });
    });

    describe('two instances over one backend', () => {
      it('a reader on one follows, live, what the other appends', async (context) => {
        const { log, connect } = await setup();
        if (!connect) return context.skip('this log has no second instance');
        const other = connect();
        expect(await log.append('s', 1, chunk(1))).toBe(true);
        const reader = other.read('s', 1, 0, new AbortController().signal)[Symbol.asyncIterator]();
        expect((await reader.next()).value).toEqual(chunk(1));
        const next = reader.next();
        expect(await log.append('s', 1, chunk(2))).toBe(true);
        expect((await next).value).toEqual(chunk(2));
        expect(await log.append('s', 1, done(3))).toBe(true);
        expect(await collect({ [Symbol.asyncIterator]: () => reader })).toEqual([done(3)]);
        expect(await other.latest('s')).toEqual({ turn: 1, finished: true });
      });

      it('a cancel on one reaches a listener on the other', async (context) => {
        const { log, connect } = await setup();
        if (!connect) return context.skip('this log has no second instance');
        const other = connect();
        let cancelled = 0;
        await other.onCancel('s', 1, () => cancelled++);
        await log.cancel('s', 1);
        await vi.waitFor(() => expect(cancelled).toBe(1), waitLong);
      });

      it('an idempotency key claimed on one is seen on the other', async (context) => {
        const { log, connect } = await setup();
        if (!connect) return context.skip('this log has no second instance');
        const other = connect();
        expect(await log.claim('s', 'key', 'pending:a', 60_000)).toBeUndefined();
        expect(await other.claim('s', 'key', 'pending:b', 60_000)).toBe('pending:a');
      });
    });
  });
}
