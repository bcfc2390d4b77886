import { afterEach, describe, expect, it, vi } from 'vitest';
import { withDeadline } from './with-deadline';

describe('withDeadline', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('settles with the value when the promise wins', async () => {
    await expect(withDeadline(Promise.resolve(7), Date.now() + 60_000)).resolves.toEqual({
      timedOut: false,
      value: 7,
    });
  });

  it('passes a rejection through', async () => {
    const error = new Error('boom');
    await expect(withDeadline(Promise.reject(error), Date.now() + 60_000)).rejects.toBe(error);
  });

  it('reports a timeout and swallows the late rejection', async () => {
    vi.useFakeTimers();
    let reject!: (error: Error) => void;
    const never = new Promise<number>((_, r) => {
      reject = r;
    });
    const outcome = withDeadline(never, Date.now() + 1000);
    await vi.advanceTimersByTimeAsync(1000);
    await expect(outcome).resolves.toEqual({ timedOut: true });
    // Would fail the run as an unhandled rejection if it were not swallowed.
    reject(new Error('late'));
  });
});
