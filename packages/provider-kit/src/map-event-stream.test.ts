import { describe, expect, it } from 'vitest';
import { type EventMapper, mapEventStream } from './map-event-stream';
import type { SseEvent } from './post-event-stream';

interface Chunk {
  text: string;
}

/** Events from `data`, then `error` if given; records reads and closing, like the kit's SseStream. */
function events(data: string[], error?: Error) {
  const state = { closed: false, reads: 0 };
  let at = 0;
  const iterator: AsyncIterator<SseEvent> = {
    next: async () => {
      state.reads += 1;
      if (state.closed) return { done: true, value: undefined };
      if (at < data.length) return { done: false, value: { data: data[at++] as string } };
      if (error) throw error;
      return { done: true, value: undefined };
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
    return this.last;
  }
}

async function collect(stream: AsyncIterable<Chunk>): Promise<string[]> {
  const out: string[] = [];
  for await (const chunk of stream) out.push(chunk.text);
  return out;
}

describe('mapEventStream', () => {
  it('hands the first chunk, and only it, to onFirstChunk before giving it out', async () => {
    const seen: string[] = [];
    const source = events(['', 'a|b', 'x']);
    const mapped = mapEventStream(source.iterable, new TestMapper(), {
      onFirstChunk: (chunk) => {
        seen.push(chunk.text);
        chunk.text += '!';
      },
    });
    const texts: string[] = [];
    for await (const chunk of mapped) texts.push(chunk.text);
    expect(seen).toEqual(['a']);
    expect(texts).toEqual(['a!', 'b', 'x']);
  });

  it('maps single, several and no chunks in order, then the last chunks of finish()', async () => {
    const { iterable, state } = events(['a', '', 'b|c', 'd']);
    const mapper = new TestMapper([{ text: 'tail' }]);
    expect(await collect(mapEventStream(iterable, mapper))).toEqual(['a', 'b', 'c', 'd', 'tail']);
    expect(mapper.finished).toBe(1);
    expect(state.closed).toBe(false);
  });

  it('stops reading at the terminator and releases the body', async () => {
    const { iterable, state } = events(['a', 'END', 'ignored']);
    const mapper = new TestMapper();
    expect(await collect(mapEventStream(iterable, mapper))).toEqual(['a', 'end']);
    expect(state.closed).toBe(true);
    expect(state.reads).toBe(2);
    expect(mapper.finished).toBe(0);
  });

  it('a mapping error rejects once and closes the body', async () => {
    const { iterable, state } = events(['a', '!', 'b']);
    const stream = mapEventStream(iterable, new TestMapper());
    await expect(collect(stream)).rejects.toThrow('error event');
    expect(state.closed).toBe(true);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('an event-stream failure surfaces as is', async () => {
    const { iterable } = events(['a'], new Error('connection reset'));
    await expect(collect(mapEventStream(iterable, new TestMapper()))).rejects.toThrow(
      'connection reset',
    );
  });

  it('return() closes the body and ends the stream', async () => {
    const { iterable, state } = events(['a|b', 'c']);
    const stream = mapEventStream(iterable, new TestMapper());
    expect((await stream.next()).value).toEqual({ text: 'a' });
    await stream.return?.();
    expect(state.closed).toBe(true);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('return() before the first chunk still closes the body', async () => {
    const { iterable, state } = events(['a']);
    const stream = mapEventStream(iterable, new TestMapper());
    await stream.return?.();
    expect(state.closed).toBe(true);
    expect(state.reads).toBe(0);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});
