import { describe, expect, it } from 'vitest';
import { createFakeProvider, type FakeProvider, type IncomingRequest } from './fake-provider';
import type { ResponsePlan } from './response-plan';
import { providerTargets } from './testing/provider-targets';

function incoming(
  fake: FakeProvider,
  stream = false,
  headers?: Record<string, string>,
): IncomingRequest {
  const target = providerTargets[fake.name];
  const base = `http://127.0.0.1${fake.emulation.sdkBasePath}`;
  return {
    method: 'POST',
    url: new URL(`${base}${target.path(stream)}`),
    headers: headers ?? target.headers,
    bodyText: JSON.stringify(target.body(stream)),
  };
}

function outcome(plan: ResponsePlan | undefined): string {
  if (plan === undefined) return 'unmatched';
  return plan.kind === 'reset' ? 'reset' : String(plan.status);
}

function bodyText(plan: ResponsePlan | undefined): string {
  if (plan?.kind !== 'respond') return '';
  return plan.body.map((step) => ('write' in step ? String(step.write) : '')).join('');
}

describe('createFakeProvider', () => {
  it('ignores requests to other paths', () => {
    const fake = createFakeProvider('openai');
    const request = { ...incoming(fake), url: new URL('http://127.0.0.1/v1/embeddings') };
    expect(fake.handle(request)).toBeUndefined();
    expect(fake.requests).toHaveLength(0);
  });

  it('uses queued replies in order, then the echo', () => {
    const fake = createFakeProvider('anthropic');
    fake.enqueue({ text: 'first' }, { text: 'second' });
    expect(fake.pending).toBe(2);
    const texts = [1, 2, 3].map(
      () => JSON.parse(bodyText(fake.handle(incoming(fake)))).content[0].text,
    );
    expect(texts).toEqual(['first', 'second', 'Echo: Hi there']);
    expect(fake.pending).toBe(0);
  });

  it('uses defaultReply instead of the echo when given', () => {
    const fake = createFakeProvider('gemini', { defaultReply: { text: 'always' } });
    const body = JSON.parse(bodyText(fake.handle(incoming(fake))));
    expect(body.candidates[0].content.parts).toEqual([{ text: 'always' }]);
  });

  it('honours a custom api key', () => {
    const fake = createFakeProvider('openai', { apiKey: 'sk-custom' });
    expect(outcome(fake.handle(incoming(fake)))).toBe('401');
    expect(outcome(fake.handle(incoming(fake, false, { authorization: 'Bearer sk-custom' })))).toBe(
      '200',
    );
    expect(fake.requests.map((request) => request.authorized)).toEqual([false, true]);
  });

  it('reset() empties the queue and the log and restarts ids', () => {
    const fake = createFakeProvider('openai');
    const first = JSON.parse(bodyText(fake.handle(incoming(fake)))).id;
    fake.enqueue({ text: 'pending' });
    fake.reset();
    expect(fake.pending).toBe(0);
    expect(fake.requests).toHaveLength(0);
    expect(JSON.parse(bodyText(fake.handle(incoming(fake)))).id).toBe(first);
  });

  it('rejects malformed scripts when they are queued', () => {
    const fake = createFakeProvider('openai');
    expect(() => fake.enqueue({ text: 'abc', chunks: ['a', 'b'] })).toThrow(
      'chunks must join to text',
    );
    expect(() => fake.enqueue({ error: { name: 'ServerError', status: 200 } })).toThrow(/400-599/);
    expect(() => fake.enqueue({ error: { name: 'InvalidHistoryError' } })).toThrow(
      /HTTP error class or ConnectionError/,
    );
    expect(() =>
      fake.enqueue({ text: 'abc', failAfterChunks: 1, error: { name: 'AbortError' } }),
    ).toThrow(/cannot break with 'AbortError'/);
    expect(() => fake.enqueue({ promptBlocked: 'SAFETY' })).toThrow(/use recorded/);
    expect(() => fake.enqueue({ fault: 'retry-after' } as never)).toThrow(/http-date' or 'ms'/);
    expect(() => fake.enqueue({ fault: 'split-utf8', text: 'ascii only' })).toThrow(/multibyte/);
    expect(() => fake.enqueue({ fault: 'nope' } as never)).toThrow(/unknown fault 'nope'/);
    expect(() => fake.enqueue({ functionCalls: [{ name: '' }] })).toThrow(/needs a name/);
    expect(fake.pending).toBe(0);
  });

  it('rejects invalid options', () => {
    expect(() => createFakeProvider('openai', { faultRate: 2 })).toThrow(RangeError);
    expect(() => createFakeProvider('openai', { latencyMs: [10, 5] })).toThrow(RangeError);
    expect(() => createFakeProvider('nope' as never)).toThrow(TypeError);
  });

  it('adds latencyMs before the headers, fixed or drawn from the seeded range', () => {
    const fixed = createFakeProvider('openai', { latencyMs: 25 });
    expect(fixed.handle(incoming(fixed))?.delayMs).toBe(25);
    const delays = (seed: number) => {
      const fake = createFakeProvider('openai', { latencyMs: [10, 50], seed });
      return [1, 2, 3, 4, 5].map(() => fake.handle(incoming(fake))?.delayMs ?? -1);
    };
    const first = delays(7);
    expect(first.every((delay) => delay >= 10 && delay <= 50)).toBe(true);
    expect(delays(7)).toEqual(first);
    expect(delays(8)).not.toEqual(first);
  });

  it("a turn's delayMs adds to the latency", () => {
    const fake = createFakeProvider('openai', { latencyMs: 5 });
    fake.enqueue({ text: 'late', delayMs: 100 });
    expect(fake.handle(incoming(fake))?.delayMs).toBe(105);
  });
});

describe('faultRate', () => {
  const run = (seed: number, faultRate: number) => {
    const fake = createFakeProvider('anthropic', { faultRate, seed });
    return Array.from({ length: 200 }, () => outcome(fake.handle(incoming(fake))));
  };

  it('injects the same retryable faults for the same seed', () => {
    const first = run(42, 0.3);
    expect(run(42, 0.3)).toEqual(first);
    expect(run(43, 0.3)).not.toEqual(first);
    expect(new Set(first)).toEqual(new Set(['200', '500', '503', '429', 'reset']));
    const faults = first.filter((result) => result !== '200').length;
    expect(faults).toBeGreaterThan(30);
    expect(faults).toBeLessThan(90);
  });

  it('never injects at 0 and always at 1', () => {
    expect(new Set(run(1, 0))).toEqual(new Set(['200']));
    expect(run(1, 1)).not.toContain('200');
  });

  it('leaves the queued reply for the retry', () => {
    const fake = createFakeProvider('openai', { faultRate: 1 });
    fake.enqueue({ text: 'scripted' });
    fake.handle(incoming(fake));
    expect(fake.pending).toBe(1);
  });

  it('is replayed from the start after reset()', () => {
    const fake = createFakeProvider('gemini', { faultRate: 0.5, seed: 9 });
    const first = Array.from({ length: 20 }, () => outcome(fake.handle(incoming(fake))));
    fake.reset();
    expect(Array.from({ length: 20 }, () => outcome(fake.handle(incoming(fake))))).toEqual(first);
  });
});
