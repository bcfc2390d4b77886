// One of several processes sending concurrently into one session: `count` sends at once on
// one chat, each retried on SessionConflictError / SessionBusyError until it lands. The
// model's reply says how many contents its request held, so the parent can check that every
// turn was sent on top of all the turns before it.
import { AsyncChats, SessionBusyError, SessionConflictError } from '@colloquy/chat-core';
import { SPECIFICATION_VERSION } from '@colloquy/chat-core/spec';
import { openStore } from './open-store.mjs';

const { args, store } = await openStore();
const { sessionId, name, count } = args;
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
const chat = new AsyncChats(models, { store }).create({ model: 'm', sessionId });
let retries = 0;
await Promise.all(
  Array.from({ length: count }, async (_, i) => {
    for (;;) {
      try {
        await chat.sendMessage(`${name}-${i}`);
        return;
      } catch (error) {
        if (!SessionConflictError.isInstance(error) && !SessionBusyError.isInstance(error)) {
          throw error;
        }
        retries += 1;
        await sleep(Math.random() * 10);
      }
    }
  }),
);
await store.close();
process.stdout.write(`${name} done after ${retries} retries\n`);
