// One server instance for the two-process test, built from the packages' dist (what users
// install): a Redis session store and a Redis stream log under the test's key prefix, the
// mock provider streaming a long reply slowly enough to be resumed and killed mid-stream.
// Prints `{"url":...}` on one line once it listens.
import { AsyncChats } from '@colloquy/chat-core';
import { createMockAsyncModels } from '@colloquy/provider-mock';
import { createChatHandler } from '@colloquy/server';
import { serveNode } from '@colloquy/server/node';
import { createRedisStreamLog } from '@colloquy/server/redis';
import { createRedisStore } from '@colloquy/store-redis';

const env = process.env;
const url = env.COLLOQUY_REDIS_URL ?? 'redis://127.0.0.1:6379';
const keyPrefix = env.KEY_PREFIX ?? 'colloquy-two-instances:';
const leaseMs = Number(env.LEASE_MS ?? 1_500);
const words = Number(env.REPLY_WORDS ?? 60);

const reply = Array.from({ length: words }, (_, i) => `word${i + 1}`).join(' ');
// Every send gets the same long reply, one word per chunk.
const models = createMockAsyncModels({
  turns: Array.from({ length: 50 }, () => ({ text: reply })),
  chunkDelayMs: Number(env.CHUNK_DELAY_MS ?? 40),
});
const store = createRedisStore({ url, keyPrefix, leaseMs, checkpointMs: Math.floor(leaseMs / 5) });
const streamLog = createRedisStreamLog({ url, keyPrefix });
const handler = createChatHandler({
  chats: new AsyncChats(models, { store }),
  authenticate: (request) => request.headers.get('x-owner') ?? undefined,
  model: 'mock-model',
  streamLog,
  onError: (error) => console.error(error),
});
const server = await serveNode(handler, { port: Number(env.PORT ?? 0), hostname: '127.0.0.1' });
process.stdout.write(`${JSON.stringify({ url: server.url })}\n`);

process.once('SIGTERM', async () => {
  await server.close();
  await streamLog.close();
  await store.close();
  process.exit(0);
});
