import type { StoredTurn } from '@colloquy/chat-core';
import type { GenerateContentResponseInit } from '@colloquy/chat-core/spec';

/** The `data` of each event of a turn's stream (protocol `'colloquy'`), once JSON-parsed. */
export interface ChatStreamEventData {
  /** A reply chunk, as `AsyncChat.sendMessageStream` yields it. */
  chunk: GenerateContentResponseInit;
  /** The reply failed after it began; `done` follows. */
  error: { name: string; message: string };
  /** The turn as stored; the last event of the stream. */
  done: StoredTurn;
}

/** One event of a turn's stream as a client reads it: `id` is `<turn>.<n>`. */
export type ChatStreamEvent = {
  [K in keyof ChatStreamEventData]: { id: string; event: K; data: ChatStreamEventData[K] };
}[keyof ChatStreamEventData];
