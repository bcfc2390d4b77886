import { ServerError, StreamInterruptedError } from '@colloquy/chat-core';
import { mapEventStream, type SseEvent } from '@colloquy/provider-kit';
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

describe('mapEventStream over the OpenAI mapper', () => {
  it('stops at [DONE] and closes the body, without waiting for more bytes', async () => {
    const source = events(sseEvents('openai-text'));
    const texts: Array<string | undefined> = [];
    for await (const chunk of mapEventStream(source.iterable, new OpenAIStreamMapper())) {
      texts.push(chunk.text);
    }
    expect(texts).toEqual(['Hello', '!', ' How can I assist you today?', undefined]);
    expect(source.state.returned).toBe(1);
    expect(source.state.reads).toBe(sseEvents('openai-text').length);
  });

  it('closes the body when the consumer breaks early', async () => {
    const source = events(sseEvents('openai-text'));
    for await (const chunk of mapEventStream(source.iterable, new OpenAIStreamMapper())) {
      expect(chunk.text).toBe('Hello');
      break;
    }
    expect(source.state.returned).toBe(1);
  });

  it('throws the typed error of an error event and closes the body', async () => {
    const source = events(sseEvents('openai-error'));
    const stream = mapEventStream(source.iterable, new OpenAIStreamMapper());
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
    const stream = mapEventStream(ended(sseEvents('openai-no-done')), new OpenAIStreamMapper());
    for await (const chunk of stream) texts.push(chunk.text);
    expect(texts).toEqual(['The sky', ' is blue.', undefined]);
  });

  it('throws StreamInterruptedError when the events end too early', async () => {
    const stream = mapEventStream(ended(sseEvents('openai-truncated')), new OpenAIStreamMapper());
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
    const stream = mapEventStream(source.iterable, new OpenAIStreamMapper());
    const error = await caught(async () => {
      for await (const _ of stream) {
        // drain
      }
    });
    expect(error).toBe(failure);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });
});
