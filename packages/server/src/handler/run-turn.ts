import type {
  AsyncChat,
  AsyncChats,
  GenerateContentConfig,
  GenerateContentResponse,
  Part,
} from '@colloquy/chat-core';
import type { StreamLog } from '../stream-log/stream-log';
import { describeError } from './describe-error';
import { publicTurn } from './public-turn';

export interface RunTurnOptions {
  chats: AsyncChats;
  log: StreamLog;
  config: GenerateContentConfig | undefined;
  sessionId: string;
  message: string | Part[];
  onError(error: unknown): void;
}

/**
 * Sends the message and resolves with the turn's number once its first event is in the log;
 * the rest is pumped into the log in the background, whoever reads it (or no one: a client
 * that leaves does not stop the turn, only a cancel does). Errors before the first event
 * (busy session, the provider refusing the request) reject, for a JSON error response.
 */
export async function runTurn(options: RunTurnOptions): Promise<number> {
  const { chats, log, sessionId } = options;
  const controller = new AbortController();
  let cancelled = false;
  const chat = await chats.resume(sessionId, {
    config: { ...options.config, abortSignal: controller.signal },
  });
  // Subscribed before sending, so a cancel sent as soon as the turn shows up is heard.
  const onCancel = () => {
    cancelled = true;
    controller.abort();
  };
  let turn = chat.getTurns().length + 1;
  let unsubscribe = await log.onCancel(sessionId, turn, onCancel);
  let stream: AsyncGenerator<GenerateContentResponse, void>;
  let first: IteratorResult<GenerateContentResponse, void>;
  try {
    stream = await chat.sendMessageStream(options.message);
    if (chat.getTurns().length + 1 !== turn) {
      // The begin reloaded a history that had moved on: the turn's number moved with it.
      await unsubscribe();
      turn = chat.getTurns().length + 1;
      unsubscribe = await log.onCancel(sessionId, turn, onCancel);
    }
    first = await stream.next();
  } catch (error) {
    await unsubscribe();
    throw error;
  }
  let n = 0;
  const append = (event: 'chunk' | 'error' | 'done', data: unknown) =>
    log.append(sessionId, turn, { n: ++n, event, data: JSON.stringify(data) });

  /** The chunks after the first, then `done` (after an `error` if the reply failed). */
  async function pump(): Promise<void> {
    try {
      for (;;) {
        const result = await stream.next();
        if (result.done) break;
        // false: another instance recorded the turn as interrupted (our lease was lost).
        if (!(await append('chunk', result.value))) {
          controller.abort();
          // The chat's commit then fails on the lost lease; the turn is recorded already.
          await stream.return().catch(() => {});
          return;
        }
      }
    } catch (error) {
      if (!cancelled) {
        const described = describeError(error);
        if (described.unexpected) options.onError(error);
        await append('error', { name: described.name, message: described.message });
      }
    }
    await appendDone(chat, turn, append);
  }

  try {
    if (first.done) await appendDone(chat, turn, append);
    else await append('chunk', first.value);
  } catch (error) {
    await stream.return().catch(() => {});
    await unsubscribe();
    throw error;
  }
  const done = first.done ? Promise.resolve() : pump();
  void done.catch(options.onError).finally(() => unsubscribe().catch(options.onError));
  return turn;
}

/** The `done` event: the turn as the store committed it (which the chat now holds). */
async function appendDone(
  chat: AsyncChat,
  turn: number,
  append: (event: 'done', data: unknown) => Promise<boolean>,
): Promise<void> {
  const record = chat.getTurns().at(-1);
  // Not committed (the store failed): a reader records it once the lease expires.
  if (record?.seq !== turn) return;
  await append('done', publicTurn(record));
}
