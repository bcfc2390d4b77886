import {
  type GenerateContentResponse,
  ServerError,
  StreamInterruptedError,
} from '@colloquy/chat-core';
import { MappedEventStream, type SseEvent } from '@colloquy/provider-kit';
import { bufferedEvents } from '@colloquy/test-server';
import { describe, expect, it } from 'vitest';
import { readSseFixture } from './__fixtures__/fixtures';
import { AnthropicStreamMapper } from './anthropic-stream-mapper';

/** An event source that records whether it was closed early. */
function source(events: SseEvent[]) {
  const state = { closed: false, pulled: 0 };
  const iterable: AsyncIterable<SseEvent> = {
    [Symbol.asyncIterator]() {
      return {
        async next() {
          const value = events[state.pulled++];
          return value ? { done: false, value } : { done: true, value: undefined };
        },
        async return() {
          state.closed = true;
          return { done: true, value: undefined };
        },
      };
    },
  };
  return { iterable, state };
}

describe('MappedEventStream over the Anthropic mapper', () => {
  it('yields the mapped chunks in order and ends after message_stop', async () => {
    const { iterable, state } = source(readSseFixture('anthropic-text.chunks.txt'));
    const texts: Array<string | undefined> = [];
    for await (const chunk of new MappedEventStream(iterable, new AnthropicStreamMapper())) {
      texts.push(chunk.text);
    }
    expect(texts).toEqual(['Hello', '!', undefined]);
    expect(state.closed).toBe(false);
  });

  it('throws StreamInterruptedError when the events run out before message_stop', async () => {
    const { iterable } = source(readSseFixture('anthropic-truncated.chunks.txt'));
    const stream = new MappedEventStream(iterable, new AnthropicStreamMapper());
    const texts: Array<string | undefined> = [];
    await expect(
      (async () => {
        for await (const chunk of stream) texts.push(chunk.text);
      })(),
    ).rejects.toSatisfy((error) => StreamInterruptedError.isInstance(error));
    expect(texts).toEqual(['Once upon', ' a time']);
  });

  it('closes the events when an event is an error, and stays done', async () => {
    const { iterable, state } = source(readSseFixture('anthropic-error.chunks.txt'));
    const stream = new MappedEventStream(iterable, new AnthropicStreamMapper());
    await expect(
      (async () => {
        for await (const _ of stream) {
          // drain
        }
      })(),
    ).rejects.toSatisfy((error) => ServerError.isInstance(error));
    expect(state.closed).toBe(true);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
  });

  it('closes the events when the consumer stops early', async () => {
    const { iterable, state } = source(readSseFixture('anthropic-text.chunks.txt'));
    for await (const chunk of new MappedEventStream(iterable, new AnthropicStreamMapper())) {
      expect(chunk.text).toBe('Hello');
      break;
    }
    expect(state.closed).toBe(true);
    expect(state.pulled).toBeLessThan(readSseFixture('anthropic-text.chunks.txt').length);
  });
});

describe('MappedEventStream over the Anthropic mapper over events with tryNext', () => {
  const textOf = (result: IteratorResult<GenerateContentResponse> | undefined) =>
    result === undefined ? 'wait' : result.done ? 'end' : (result.value.text ?? '-');
  const stream = (iterable: AsyncIterable<SseEvent>) =>
    new MappedEventStream(iterable, new AnthropicStreamMapper());

  it('maps held events synchronously, in order, and asks to wait when none is held', async () => {
    // message_start, block_start, ping | "Hello", "!", block_stop | message_delta, message_stop, end
    const { iterable, state } = bufferedEvents(readSseFixture('anthropic-text.chunks.txt'), 3);
    const chunks = stream(iterable);
    expect(chunks.tryNext()).toBeUndefined();
    expect(textOf(await chunks.next())).toBe('Hello');
    expect(textOf(chunks.tryNext())).toBe('!');
    expect(chunks.tryNext()).toBeUndefined();
    expect(state.reads).toBe(2);
    expect(textOf(await chunks.next())).toBe('-');
    expect(textOf(chunks.tryNext())).toBe('end');
    expect(state).toEqual({ reads: 3, closed: false });
  });

  it('gives the same chunks as the plain iterator, whatever the burst size', async () => {
    for (const name of ['text', 'thinking', 'tool-use', 'refusal', 'empty']) {
      const events = readSseFixture(`anthropic-${name}.chunks.txt`);
      const plain: GenerateContentResponse[] = [];
      for await (const chunk of stream(source(events).iterable)) plain.push(chunk);
      for (let burst = 1; burst <= 4; burst++) {
        const got: GenerateContentResponse[] = [];
        for await (const chunk of stream(bufferedEvents(events, burst).iterable)) got.push(chunk);
        expect(got).toEqual(plain);
      }
    }
  });

  it('throws a mapping error from tryNext once, closes the events, then reports the end', async () => {
    const { iterable, state } = bufferedEvents(readSseFixture('anthropic-error.chunks.txt'), 10);
    const chunks = stream(iterable);
    expect(textOf(await chunks.next())).toBe('Once upon');
    await expect(chunks.next()).rejects.toSatisfy((error) => ServerError.isInstance(error));
    expect(state).toEqual({ reads: 1, closed: true });
    expect(chunks.tryNext()).toEqual({ done: true, value: undefined });
    expect(await chunks.next()).toEqual({ done: true, value: undefined });
  });

  it('throws StreamInterruptedError once when held events end before message_stop', async () => {
    const events = readSseFixture('anthropic-truncated.chunks.txt');
    const { iterable, state } = bufferedEvents(events, 10);
    const chunks = stream(iterable);
    const texts: Array<string | undefined> = [];
    await expect(
      (async () => {
        for await (const chunk of chunks) texts.push(chunk.text);
      })(),
    ).rejects.toSatisfy((error) => StreamInterruptedError.isInstance(error));
    expect(texts).toEqual(['Once upon', ' a time']);
    expect(state.reads).toBe(1);
    expect(await chunks.next()).toEqual({ done: true, value: undefined });
  });

  it('passes on a failure of the events once', async () => {
    const failure = new Error('socket closed');
    const events = readSseFixture('anthropic-text.chunks.txt').slice(0, 4);
    const chunks = stream(bufferedEvents(events, 9, { error: failure }).iterable);
    expect(textOf(await chunks.next())).toBe('Hello');
    await expect(chunks.next()).rejects.toBe(failure);
    expect(chunks.tryNext()).toEqual({ done: true, value: undefined });
  });

  it('return() after chunks taken from held events closes the events', async () => {
    const { iterable, state } = bufferedEvents(readSseFixture('anthropic-text.chunks.txt'), 10);
    const seen: Array<string | undefined> = [];
    for await (const chunk of stream(iterable)) {
      seen.push(chunk.text);
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['Hello', '!']);
    expect(state).toEqual({ reads: 1, closed: true });
  });
});
