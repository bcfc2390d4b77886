// One of several processes sending concurrently into one session (args: url, keyPrefix,
// session id, name, count): `count` sends at once on one chat, each retried on
// SessionConflictError / SessionBusyError until it lands. The model's reply says how many
// contents its request held, so the parent can check every turn was sent on top of all before.
import { AsyncChats, SessionBusyError, SessionConflictError } from '@colloquy/chat-core';
import { SPECIFICATION_VERSION } from '@colloquy/chat-core/spec';
import { createRedisStore } from '../../dist/index.js';

const [url, where, sessionId, name, count] = process.argv.slice(2);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const models = {
  specificationVersion: SPECIFICATION_VERSION,
  async generateContent({ contents }) {
    await sleep(Math.random() * 3);
    const text = `saw ${contents.length}`;
    return {
      candidates: [
        { content: { role: 'model', parts: [{ text }] }, finishReason: 'STOP', index: 0 },
      ],
    };
  },
  async generateContentStream() {
    throw new Error('not used');
  },
};
const store = createRedisStore({ url, keyPrefix: where });
const chat = new AsyncChats(models, { store }).create({ model: 'm', sessionId });
await Promise.all(
  Array.from({ length: Number(count) }, async (_, i) => {
    for (;;) {
      try {
        await chat.sendMessage(`${name}-${i}`);
        return;
      } catch (error) {
        if (!SessionConflictError.isInstance(error) && !SessionBusyError.isInstance(error)) {
          throw error;
        }
        await sleep(Math.random() * 10);
      }
    }
  }),
);
await store.close();
