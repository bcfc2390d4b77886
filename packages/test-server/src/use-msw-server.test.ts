import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { caught } from './caught';
import { collect } from './collect';
import { useMswServer } from './use-msw-server';

const URL = 'https://api.example.test/v1/things';
const msw = useMswServer();

describe('useMswServer', () => {
  it('records each request, then answers with the replies in order, the last repeating', async () => {
    msw.reply(
      URL,
      () => HttpResponse.json({ n: 1 }),
      () => HttpResponse.json({ n: 2 }),
    );
    const post = (body: string) =>
      fetch(URL, { method: 'POST', headers: { 'x-test': 'yes' }, body }).then((r) => r.json());
    expect(await post('{"a":1}')).toEqual({ n: 1 });
    expect(await post('not json')).toEqual({ n: 2 });
    expect(await post('{}')).toEqual({ n: 2 });
    expect(msw.seen.map((request) => request.body)).toEqual([{ a: 1 }, 'not json', {}]);
    expect(msw.seen[0]).toMatchObject({ url: URL, headers: { 'x-test': 'yes' } });
  });

  it('forgets the replies and the log of the test before', async () => {
    expect(msw.seen).toEqual([]);
    // No reply registered: msw refuses the request instead of letting it reach the network.
    const error = await caught(fetch(URL, { method: 'POST', body: '{}' }));
    expect(String(error)).toMatch(/\[MSW\] Cannot bypass a request/);
  });

  it('refuses to register no reply at all', () => {
    expect(() => msw.reply(URL)).toThrow(/at least one reply/);
  });
});

describe('collect and caught', () => {
  async function* count() {
    yield 1;
    yield 2;
  }
  async function* broken() {
    yield 1;
    throw new RangeError('cut');
  }

  it('collect gives every item; caught gives the rejection, and fails on a resolution', async () => {
    expect(await collect(count())).toEqual([1, 2]);
    expect(await caught(collect(broken()))).toBeInstanceOf(RangeError);
    await expect(caught(Promise.resolve(1))).rejects.toThrow(/expected a rejection/);
  });
});
