// The server of the server-load scenario, in its own process (forked with an IPC channel and
// `--expose-gc`): one `serveNode` instance of `@colloquy/server` with the stamping mock, a
// memory store and a memory stream log. Sends `{ url }` once listening, then answers the
// scenario's requests: `stamps` (when each chat's chunks left the provider, since the last
// `stamps`), `memory` (heap
// and RSS after GC), `cpu` (the process's CPU time so far, ms), `check` (how many of the
// given sessions do not hold the expected turn).
import { AsyncChats } from '@colloquy/chat-core';
import { createMemoryStore } from '@colloquy/chat-core/memory-store';
import { createChatHandler, createMemoryStreamLog } from '@colloquy/server';
import { serveNode } from '@colloquy/server/node';
import { MODEL, stampedModels } from './chat-load.mjs';

const left = new Map();
const store = createMemoryStore();
const handler = createChatHandler({
  chats: new AsyncChats(stampedModels(Number(process.argv[2]), left), { store }),
  // One owner per chat: the per-owner stream cap is not what is measured.
  authenticate: (request) => request.headers.get('x-owner') ?? undefined,
  model: MODEL,
  streamLog: createMemoryStreamLog(),
});
const server = await serveNode(handler, { port: 0, hostname: '127.0.0.1' });

async function answer(message) {
  switch (message.op) {
    case 'stamps': {
      const stamps = [...left];
      left.clear(); // the next round's chats reuse the indexes
      return stamps;
    }
    case 'cpu': {
      const { user, system } = process.cpuUsage();
      return (user + system) / 1_000;
    }
    case 'memory': {
      for (let i = 0; i < 3; i++) globalThis.gc?.();
      const { heapUsed, rss } = process.memoryUsage();
      return { heapUsed, rss };
    }
    case 'check': {
      let lost = 0;
      for (const [sessionId, expected] of message.sessions) {
        const session = await store.load(sessionId);
        const turn = session?.turns.at(-1);
        const text = turn?.contents
          .filter((content) => content.role === 'model')
          .flatMap((content) => content.parts.map((part) => part.text ?? ''))
          .join('');
        if (session?.turns.length !== 1 || turn.status !== 'complete' || text !== expected) lost++;
      }
      return { lost };
    }
    default:
      throw new Error(`unknown op ${message.op}`);
  }
}

process.on('message', (message) => {
  answer(message).then(
    (result) => process.send({ id: message.id, result }),
    (error) => process.send({ id: message.id, error: String(error) }),
  );
});
process.send({ url: server.url });
