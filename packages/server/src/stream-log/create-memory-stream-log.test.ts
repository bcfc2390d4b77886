import { afterEach, describe, expect, it, vi } from 'vitest';
import { StreamGoneError } from '../errors/stream-gone-error';
import { createMemoryStreamLog } from './create-memory-stream-log';
import type { StreamEvent } from './stream-log';
import { describeStreamLogContract } from './stream-log-contract';

const chunk = (n: number): StreamEvent => ({ n, event: 'chunk', data: `{"n":${n}}` });
const done = (n: number): StreamEvent => ({ n, event: 'done', data: '{}' });

async function collect(iterable: AsyncIterable<StreamEvent>): Promise<number[]> {
  const out: number[] = [];
  for await (const event of iterable) out.push(event.n);
  return out;
}

// The behaviour every log shares is in the contract suite; these are the memory log's own.
describe('createMemoryStreamLog', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('drops a finished turn retainMs after its done, and keeps a running one', async () => {
    vi.useFakeTimers();
    const log = createMemoryStreamLog({ retainMs: 1000 });
    await log.append('s', 1, chunk(1));
    await log.append('s', 1, done(2));
    await log.append('s', 2, chunk(1));
    vi.advanceTimersByTime(1001);
    await expect(collect(log.read('s', 1, 0, new AbortController().signal))).rejects.toThrow(
      StreamGoneError,
    );
    expect(await log.latest('s')).toEqual({ turn: 2, finished: false });
    expect(await log.lastEvent('s', 2)).toBe(1);
  });

  it('keeps at most maxEvents per turn, and a resume from before them is gone', async () => {
    const log = createMemoryStreamLog({ maxEvents: 2 });
    for (let n = 1; n <= 4; n++) await log.append('s', 1, chunk(n));
    await log.append('s', 1, done(5));
    const signal = new AbortController().signal;
    expect(await collect(log.read('s', 1, 3, signal))).toEqual([4, 5]);
    await expect(collect(log.read('s', 1, 1, signal))).rejects.toThrow(StreamGoneError);
  });

  it('expires an idempotency key after its ttl; settle keeps the expiry', async () => {
    vi.useFakeTimers();
    const log = createMemoryStreamLog();
    expect(await log.claim('s', 'k', 'pending:1', 1000)).toBeUndefined();
    await log.settle('s', 'k', 'turn:1');
    expect(await log.claim('s', 'k', 'pending:2', 1000)).toBe('turn:1');
    vi.advanceTimersByTime(1001);
    expect(await log.claim('s', 'k', 'pending:3', 1000)).toBeUndefined();
  });

  it('ends a waiting reader when the session is dropped', async () => {
    const log = createMemoryStreamLog();
    await log.append('s', 1, chunk(1));
    const reading = collect(log.read('s', 1, 1, new AbortController().signal));
    await log.drop('s');
    await expect(reading).rejects.toThrow(StreamGoneError);
    expect(await log.latest('s')).toBeUndefined();
  });
});

describeStreamLogContract('memory', (options) => ({ log: createMemoryStreamLog(options) }));
