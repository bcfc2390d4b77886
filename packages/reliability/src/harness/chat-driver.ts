import type {
  AsyncChats,
  Chats,
  Content,
  GenerateContentConfig,
  TurnRecord,
} from '@colloquy/chat-core';

export type Mode = 'sync' | 'async';
export type Delivery = 'stream' | 'unary';

/** How one send ended, the same for both session kinds and both send modes. */
export interface SendOutcome {
  ok: boolean;
  /** The text received: the reply, or what arrived of a stream before it failed. */
  text: string;
  /** Chunks the caller saw (1 for a unary reply). */
  chunks: number;
  error?: unknown;
}

/** A `Chat` or an `AsyncChat`, driven the same way. */
export interface DrivenChat {
  send(message: string, delivery: Delivery, config?: GenerateContentConfig): Promise<SendOutcome>;
  getHistory(curated?: boolean): Content[];
  getTurns(): TurnRecord[];
}

export interface ChatSetup {
  model: string;
  history?: Content[];
  config?: GenerateContentConfig;
}

/** A blocking `Chat`: every send parks this thread until the reply is in. */
export function drivenSyncChat(chats: Chats, setup: ChatSetup): DrivenChat {
  const chat = chats.create(setup);
  return {
    async send(message, delivery, config) {
      let text = '';
      let chunks = 0;
      try {
        if (delivery === 'unary') {
          const reply = chat.sendMessage(message, config);
          return { ok: true, text: reply.text ?? '', chunks: 1 };
        }
        for (const chunk of chat.sendMessageStream(message, config)) {
          chunks++;
          text += chunk.text ?? '';
        }
        return { ok: true, text, chunks };
      } catch (error) {
        return { ok: false, text, chunks, error };
      }
    },
    getHistory: (curated) => chat.getHistory(curated),
    getTurns: () => chat.getTurns(),
  };
}

/** An `AsyncChat`. */
export function drivenAsyncChat(chats: AsyncChats, setup: ChatSetup): DrivenChat {
  const chat = chats.create(setup);
  return {
    async send(message, delivery, config) {
      let text = '';
      let chunks = 0;
      try {
        if (delivery === 'unary') {
          const reply = await chat.sendMessage(message, config);
          return { ok: true, text: reply.text ?? '', chunks: 1 };
        }
        for await (const chunk of await chat.sendMessageStream(message, config)) {
          chunks++;
          text += chunk.text ?? '';
        }
        return { ok: true, text, chunks };
      } catch (error) {
        return { ok: false, text, chunks, error };
      }
    },
    getHistory: (curated) => chat.getHistory(curated),
    getTurns: () => chat.getTurns(),
  };
}
