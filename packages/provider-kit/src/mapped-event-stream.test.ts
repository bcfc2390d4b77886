import type { BufferedAsyncIterator } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { type EventMapper, MappedEventStream } from './mapped-event-stream';
import type { SseEvent } from './post-event-stream';

interface Chunk {
  text: string;
}

/** Events in bursts of `burst`, like the kit's SseStream; records closing. */
function events(data: string[], burst: number, error?: Error) {
  const state = { closed: false, reads: 0 };
  let at = 0;
  let held = 0;
  const take = (): IteratorResult<SseEvent, undefined> => {
    if (at < data.length) return { done: false, value: { data: data[at++] as string } };
    if (error) throw error;
    return { done: true, value: undefined };
  };
  const iterator: BufferedAsyncIterator<SseEvent> = {
    tryNext: () => {
      if (state.closed) return { done: true, value: undefined };
      if (held === 0) return undefined;
      held -= 1;
      return take();
    },
    next: async () => {
      state.reads += 1;
      await Promise.resolve();
      held = burst - 1;
      return take();
    },
    return: async () => {
      state.closed = true;
      return { done: true, value: undefined };
    },
  };
  return { iterable: { [Symbol.asyncIterator]: () => iterator }, state };
}

/** Maps "a|b" to two chunks, "" to none, "x" to one (not an array), "!" throws, "END" ends. */
class TestMapper implements EventMapper<Chunk> {
  isDone = false;
  finished = 0;
  constructor(private readonly last: Chunk[] = []) {}
  map(event: SseEvent): Chunk | Chunk[] | undefined {
    if (event.data === '!') throw new Error('error event');
    if (event.data === 'END') {
      this.isDone = true;
      return [{ text: 'end' }];
    }
    if (event.data === '') return undefined;
    const parts = event.data.split('|');
    return parts.length === 1 ? { text: parts[0] as string } : parts.map((text) => ({ text }));
  }
  finish(): Chunk[] {
    this.finished += 1;
    if (this.last.length === 0 && this.finished > 0) return [];
    return this.last;
  }
}

async function collect(stream: AsyncIterable<Chunk>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of stream) out.push(chunk.text);
  return out;
}

describe('MappedEventStream', () => {
  it.each([1, 2, 5])(
    'maps single, several and no chunks in order (bursts of %i)',
    async (burst) => {
      const { iterable } = events(['a', '', 'b|c', 'd'], burst);
      const mapper = new TestMapper([{ text: 'tail' }]);
      expect(await collect(new MappedEventStream(iterable, mapper))).toEqual([
        'a',
        'b',
        'c',
        'd',
        'tail',
      ]);
      expect(mapper.finished).toBe(1);
    },
  );

  it('hands out held events without a read, and says undefined when it must wait', async () => {
    const { iterable, state } = events(['a', 'b', 'c'], 3);
    const stream = new MappedEventStream(iterable, new TestMapper());
    expect(stream.tryNext()).toBeUndefined();
    expect((await stream.next()).value).toEqual({ text: 'a' });
    expect(stream.tryNext()).toEqual({ done: false, value: { text: 'b' } });
    expect(stream.tryNext()).toEqual({ done: false, value: { text: 'c' } });
    expect(stream.tryNext()).toBeUndefined();
    expect((await stream.next()).done).toBe(true);
    expect(state.reads).toBe(2);
  });

  it('stops reading at the terminator and releases the body', async () => {
    const { iterable, state } = events(['a', 'END', 'ignored'], 1);
    expect(await collect(new MappedEventStream(iterable, new TestMapper()))).toEqual(['a', 'end']);
    expect(state.closed).toBe(true);
  });

  it('a mapping error rejects once and closes the body', async () => {
    const { iterable, state } = events(['a', '!', 'b'], 1);
    const stream = new MappedEventStream(iterable, new TestMapper());
    await expect(collect(stream)).rejects.toThrow('error event');
    expect(state.closed).toBe(true);
    expect((await stream.next()).done).toBe(true);
  });

  it('an event-stream failure surfaces as is', async () => {
    const { iterable } = events(['a'], 1, new Error('connection reset'));
    await expect(collect(new MappedEventStream(iterable, new TestMapper()))).rejects.toThrow(
      'connection reset',
    );
  });

  it('return() closes the body and ends the stream', async () => {
    const { iterable, state } = events(['a|b', 'c'], 1);
    const stream = new MappedEventStream(iterable, new TestMapper());
    expect((await stream.next()).value).toEqual({ text: 'a' });
    await stream.return();
    expect(state.closed).toBe(true);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('works over events without tryNext', async () => {
    const plain = {
      async *[Symbol.asyncIterator]() {
        yield { data: 'a|b' };
        yield { data: 'c' };
      },
    };
    expect(await collect(new MappedEventStream(plain, new TestMapper()))).toEqual(['a', 'b', 'c']);
  });
});
