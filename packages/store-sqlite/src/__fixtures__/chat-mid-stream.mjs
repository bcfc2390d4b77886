// A chat process that dies mid-stream: resumes the session, streams a slow mock reply
// (checkpointed every 30 ms), says so on stdout after a few chunks, and is then SIGKILLed.
import { AsyncChats } from '@colloquy/chat-core';
import { createMockAsyncModels } from '@colloquy/provider-mock';
import { createSqliteStore } from '../../dist/index.js';

const [path, sessionId, leaseMs, text] = process.argv.slice(2);
const store = createSqliteStore({ path, leaseMs: Number(leaseMs), checkpointMs: 30 });
const models = createMockAsyncModels({ turns: [{ text }], chunkDelayMs: 40 });
const chat = await new AsyncChats(models, { store }).resume(sessionId);
let chunks = 0;
for await (const _ of await chat.sendMessageStream('Tell me a story.')) {
  chunks += 1;
  if (chunks === 4) process.stdout.write('streaming\n');
}
process.stdout.write('finished\n');
