import {
  AbortError,
  ApiError,
  InvalidResponseError,
  StreamInterruptedError,
  TimeoutError,
} from '@colloquy/chat-core';
import type { MockTurn } from '@colloquy/provider-mock';
import { expect } from 'vitest';
import type { CaseContext } from '../case-context';
import { collectStream } from '../collect-stream';
import { describeError, errorOf, expectErrorClass } from '../expect-error';

const EARLIER = [
  { role: 'user', parts: [{ text: 'Hi' }] },
  { role: 'model', parts: [{ text: 'Hello!' }] },
];
const TEXT = 'One, two, three, four.';
const CHUNKS = ['One,', ' two,', ' three,', ' four.'];
/** Long enough that chunks sent back to back never trip it, short enough to keep cases quick. */
const IDLE_TIMEOUT_MS = 500;
/**
 * A stream that goes silent after its first chunk until the client's idle timer fires (or,
 * with no idle timeout, until the client aborts).
 */
const STALL_AFTER_ONE: MockTurn = {
  text: TEXT,
  chunks: CHUNKS,
  failAfterChunks: 1,
  error: { name: 'TimeoutError', phase: 'idle', timeoutMs: IDLE_TIMEOUT_MS },
};

/** Aborts, malformed events, dropped connections and stalls, mid-stream. */
export function registerStreamFailureCases<Options extends object>(
  context: CaseContext<Options>,
): void {
  const { harness } = context;

  /** A chat with one valid exchange in it, so "curated unchanged" means something. */
  async function chatWithHistory(settings?: { idleTimeout?: number }) {
    const chat = context.chat(settings);
    await chat.sendMessage('Hi');
    return chat;
  }

  /**
   * Rule 6 after a mid-stream failure: the curated history is what it was, and the partial
   * reply (exactly the text the caller saw) is recorded as an interrupted turn.
   */
  function expectInterruptedTurn(
    chat: Awaited<ReturnType<typeof chatWithHistory>>,
    texts: string[],
  ) {
    expect(chat.getHistory(true)).toEqual(EARLIER);
    const turn = chat.getTurns().at(-1);
    expect(turn?.status).toBe('interrupted');
    expect(turn?.contents.at(-1)).toEqual({ role: 'model', parts: [{ text: texts.join('') }] });
  }

  /**
   * Queues a good first exchange and then `fault`, and streams "Count to four." into it on a
   * chat holding that exchange. `abortOnText` aborts the send at the first text chunk.
   */
  async function streamIntoFault(
    fault: MockTurn,
    options: { settings?: { idleTimeout?: number }; abortOnText?: boolean } = {},
  ) {
    await harness.enqueue({ text: 'Hello!' }, fault);
    const chat = await chatWithHistory(options.settings);
    const controller = new AbortController();
    const stream = await chat.sendMessageStream(
      'Count to four.',
      options.abortOnText ? { abortSignal: controller.signal } : undefined,
    );
    const { texts, error } = await collectStream(stream, (chunk) => {
      if (options.abortOnText && chunk.text) controller.abort();
    });
    return { chat, texts, error };
  }

  context.test(
    'stops a stream with AbortError when config.abortSignal fires mid-stream',
    ['text', 'stall-mid-stream'],
    async () => {
      const { chat, texts, error } = await streamIntoFault(STALL_AFTER_ONE, {
        abortOnText: true,
      });

      expectErrorClass(error, AbortError);
      expect(texts).toEqual(['One,']);
      expectInterruptedTurn(chat, texts);
    },
  );

  context.test(
    'fails a stream with InvalidResponseError on a malformed event',
    ['text', 'malformed-event'],
    async () => {
      const { chat, texts, error } = await streamIntoFault({
        text: TEXT,
        chunks: CHUNKS,
        failAfterChunks: 1,
        error: { name: 'InvalidResponseError' },
      });

      expectErrorClass(error, InvalidResponseError);
      expect(texts).toEqual(['One,']);
      expectInterruptedTurn(chat, texts);
    },
  );

  context.test(
    'fails a send with InvalidResponseError on a malformed body',
    ['text', 'malformed-event'],
    async () => {
      await harness.enqueue(
        { text: 'Hello!' },
        { text: TEXT, chunks: CHUNKS, failAfterChunks: 1, error: { name: 'InvalidResponseError' } },
      );
      const chat = await chatWithHistory();

      const error = await errorOf(() => chat.sendMessage('Count to four.'));

      expectErrorClass(error, InvalidResponseError);
      expect(chat.getHistory()).toEqual(EARLIER);
      // Not retried: the same request would get the same unreadable answer.
      expect(await harness.requests()).toHaveLength(2);
    },
  );

  context.test(
    'fails a stream with StreamInterruptedError when the connection drops mid-stream',
    ['text', 'drop-mid-stream'],
    async () => {
      const { chat, texts, error } = await streamIntoFault({
        text: TEXT,
        chunks: CHUNKS,
        failAfterChunks: 2,
      });

      expectErrorClass(error, StreamInterruptedError);
      expect(texts).toEqual(['One,', ' two,']);
      expectInterruptedTurn(chat, texts);
      // Output had begun, so the stream must not be retried behind the caller's back.
      expect(await harness.requests()).toHaveLength(2);
    },
  );

  context.test(
    "fails a stream with an ApiError on the provider's error event mid-stream",
    ['text', 'error-event'],
    async () => {
      const { chat, texts, error } = await streamIntoFault({
        text: TEXT,
        chunks: CHUNKS,
        failAfterChunks: 1,
        error: { name: 'ServerError', providerMessage: 'The service is overloaded.' },
      });

      expectErrorClass(error, ApiError);
      expect((error as ApiError).provider).toBe(context.provider);
      expect(texts).toEqual(['One,']);
      expectInterruptedTurn(chat, texts);
      expect(await harness.requests()).toHaveLength(2);
    },
  );

  context.test(
    "fails a stalled stream with TimeoutError{phase: 'idle'} after idleTimeout",
    ['text', 'stall-mid-stream'],
    async () => {
      const { chat, texts, error } = await streamIntoFault(STALL_AFTER_ONE, {
        settings: { idleTimeout: IDLE_TIMEOUT_MS },
      });

      expectErrorClass(error, TimeoutError);
      const timeout = error as TimeoutError;
      expect(timeout.phase, describeError(error)).toBe('idle');
      expect(timeout.timeoutMs).toBe(IDLE_TIMEOUT_MS);
      expect(texts).toEqual(['One,']);
      expectInterruptedTurn(chat, texts);
    },
  );
}
