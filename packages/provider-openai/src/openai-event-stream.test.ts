import {
  type GenerateContentResponse,
  ServerError,
  StreamInterruptedError,
} from '@colloquy/chat-core';
import { MappedEventStream, type SseEvent } from '@colloquy/provider-kit';
import { bufferedEvents } from '@colloquy/test-server';
import { describe, expect, it } from 'vitest';
import { sseEvents } from './__fixtures__/fixtures';
import { OpenAIStreamMapper } from './openai-stream-mapper';

/** Events from a list; after the list, next() never settles (a connection left open). */
function events(list: SseEvent[], options: { failAfter?: Error } = {}) {
  let index = 0;
  const state = { returned: 0, reads: 0 };
  const iterator: AsyncIterator<SseEvent> = {
    next() {
      state.reads++;
      const event = list[index++];
      if (event) return Promise.resolve({ done: false, value: event });
      if (options.failAfter) return Promise.reject(options.failAfter);
      return new Promise(() => {});
    },
    return() {
      state.returned++;
      return Promise.resolve({ done: true, value: undefined });
    },
  };
  return { iterable: { [Symbol.asyncIterator]: () => iterator }, state };
}

function ended(list: SseEvent[]) {
  let index = 0;
  const iterator: AsyncIterator<SseEvent> = {
    next: () => {
      const event = list[index++];
      return Promise.resolve(
        event ? { done: false, value: event } : { done: true, value: undefined },
      );
    },
  };
  return { [Symbol.asyncIterator]: () => iterator };
}

async function caught(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('MappedEventStream over the OpenAI mapper', () => {
  it('stops at [DONE] and closes the body, without waiting for more bytes', async () => {
    const source = events(sseEvents('openai-text'));
    const texts: Array<string | undefined> = [];
    for await (const chunk of new MappedEventStream(source.iterable, new OpenAIStreamMapper())) {
      texts.push(chunk.text);
    }
    expect(texts).toEqual(['Hello', '!', ' How can I assist you today?', undefined]);
    expect(source.state.returned).toBe(1);
    expect(source.state.reads).toBe(sseEvents('openai-text').length);
  });

  it('closes the body when the consumer breaks early', async () => {
    const source = events(sseEvents('openai-text'));
    for await (const chunk of new MappedEventStream(source.iterable, new OpenAIStreamMapper())) {
      expect(chunk.text).toBe('Hello');
      break;
    }
    expect(source.state.returned).toBe(1);
  });

  it('throws the typed error of an error event and closes the body', async () => {
    const source = events(sseEvents('openai-error'));
    const stream = new MappedEventStream(source.iterable, new OpenAIStreamMapper());
    const seen: string[] = [];
    const error = await caught(async () => {
      for await (const chunk of stream) seen.push(chunk.text ?? '');
    });
    expect(seen).toEqual(['Partial']);
    expect(ServerError.isInstance(error)).toBe(true);
    expect(source.state.returned).toBe(1);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('finishes a stream that ends after a finish reason without [DONE]', async () => {
    const texts: Array<string | undefined> = [];
    const stream = new MappedEventStream(
      ended(sseEvents('openai-no-done')),
      new OpenAIStreamMapper(),
    );
    for await (const chunk of stream) texts.push(chunk.text);
    expect(texts).toEqual(['The sky', ' is blue.', undefined]);
  });

  it('throws StreamInterruptedError when the events end too early', async () => {
    const stream = new MappedEventStream(
      ended(sseEvents('openai-truncated')),
      new OpenAIStreamMapper(),
    );
    const error = await caught(async () => {
      for await (const _ of stream) {
        // drain
      }
    });
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
  });

  it('passes on a failure of the event stream itself', async () => {
    const failure = new StreamInterruptedError({ provider: 'openai', chunksReceived: 1 });
    const source = events(sseEvents('openai-truncated').slice(0, 2), { failAfter: failure });
    const stream = new MappedEventStream(source.iterable, new OpenAIStreamMapper());
    const error = await caught(async () => {
      for await (const _ of stream) {
        // drain
      }
    });
    expect(error).toBe(failure);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});

describe('MappedEventStream over the OpenAI mapper over events with tryNext', () => {
  const textOf = (result: IteratorResult<GenerateContentResponse> | undefined) =>
    result === undefined ? 'wait' : result.done ? 'end' : (result.value.text ?? '-');
  const stream = (iterable: AsyncIterable<SseEvent>) =>
    new MappedEventStream(iterable, new OpenAIStreamMapper());

  it('maps held events synchronously, in order, and asks to wait when none is held', async () => {
    // role, "Hello", "!" | " How…", finish, usage | [DONE]
    const { iterable, state } = bufferedEvents(sseEvents('openai-text'), 3);
    const chunks = stream(iterable);
    expect(chunks.tryNext()).toBeUndefined();
    expect(textOf(await chunks.next())).toBe('Hello');
    expect(textOf(chunks.tryNext())).toBe('!');
    expect(chunks.tryNext()).toBeUndefined();
    expect(state.reads).toBe(1);
    expect(textOf(await chunks.next())).toBe(' How can I assist you today?');
    expect(chunks.tryNext()).toBeUndefined();
    // [DONE] gives the last chunk and closes the events; the end needs no read.
    expect(textOf(await chunks.next())).toBe('-');
    expect(textOf(chunks.tryNext())).toBe('end');
    expect(state).toEqual({ reads: 3, closed: true });
  });

  it('gives the same chunks as the plain iterator, whatever the burst size', async () => {
    const names = ['openai-text', 'openai-reasoning', 'openai-tool-calls', 'openai-refusal'];
    for (const name of [...names, 'openai-no-done']) {
      const plain: GenerateContentResponse[] = [];
      for await (const chunk of stream(ended(sseEvents(name)))) plain.push(chunk);
      for (let burst = 1; burst <= 4; burst++) {
        const got: GenerateContentResponse[] = [];
        for await (const chunk of stream(bufferedEvents(sseEvents(name), burst).iterable)) {
          got.push(chunk);
        }
        expect(got).toEqual(plain);
      }
    }
  });

  it('throws a mapping error from tryNext once, closes the events, then reports the end', async () => {
    const { iterable, state } = bufferedEvents(sseEvents('openai-error'), 10);
    const chunks = stream(iterable);
    expect(textOf(await chunks.next())).toBe('Partial');
    await expect(chunks.next()).rejects.toSatisfy((error) => ServerError.isInstance(error));
    expect(state).toEqual({ reads: 1, closed: true });
    expect(chunks.tryNext()).toEqual({ done: true, value: undefined });
    expect(await chunks.next()).toEqual({ done: true, value: undefined });
  });

  it('throws StreamInterruptedError once when held events end too early', async () => {
    const { iterable, state } = bufferedEvents(sseEvents('openai-truncated'), 10);
    const chunks = stream(iterable);
    const error = await caught(async () => {
      for await (const _ of chunks) {
        // drain
      }
    });
    expect(StreamInterruptedError.isInstance(error)).toBe(true);
    expect(state.reads).toBe(1);
    expect(await chunks.next()).toEqual({ done: true, value: undefined });
  });

  it('passes on a failure of the events once', async () => {
    const failure = new Error('socket closed');
    const events = sseEvents('openai-text').slice(0, 3);
    const chunks = stream(bufferedEvents(events, 5, { error: failure }).iterable);
    expect(textOf(await chunks.next())).toBe('Hello');
    expect(textOf(await chunks.next())).toBe('!');
    await expect(chunks.next()).rejects.toBe(failure);
    expect(chunks.tryNext()).toEqual({ done: true, value: undefined });
  });

  it('return() after chunks taken from held events closes the events', async () => {
    const { iterable, state } = bufferedEvents(sseEvents('openai-text'), 10);
    const seen: Array<string | undefined> = [];
    for await (const chunk of stream(iterable)) {
      seen.push(chunk.text);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['Hello', '!']);
    expect(state).toEqual({ reads: 1, closed: true });
  });
});
