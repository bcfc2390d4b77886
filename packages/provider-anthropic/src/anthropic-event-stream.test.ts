import { ServerError, StreamInterruptedError } from '@colloquy/chat-core';
import { mapEventStream, type SseEvent } from '@colloquy/provider-kit';
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

describe('mapEventStream over the Anthropic mapper', () => {
  it('yields the mapped chunks in order and ends after message_stop', async () => {
    const { iterable, state } = source(readSseFixture('anthropic-text.chunks.txt'));
    const texts: Array<string | undefined> = [];
    for await (const chunk of mapEventStream(iterable, new AnthropicStreamMapper())) {
      texts.push(chunk.text);
    }
    expect(texts).toEqual(['Hello', '!', undefined]);
    expect(state.closed).toBe(false);
  });

  it('throws StreamInterruptedError when the events run out before message_stop', async () => {
    const { iterable } = source(readSseFixture('anthropic-truncated.chunks.txt'));
    const stream = mapEventStream(iterable, new AnthropicStreamMapper());
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
    const stream = mapEventStream(iterable, new AnthropicStreamMapper());
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
    for await (const chunk of mapEventStream(iterable, new AnthropicStreamMapper())) {
      expect(chunk.text).toBe('Hello');
      break;
    }
    expect(state.closed).toBe(true);
    expect(state.pulled).toBeLessThan(readSseFixture('anthropic-text.chunks.txt').length);
  });
});
