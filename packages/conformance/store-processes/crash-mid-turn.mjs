// A writer that dies mid-stream: begins a turn, checkpoints part of a reply, says so on
// stdout, then waits to be killed with SIGKILL (no chance to clean up).
import { openStore } from './open-store.mjs';

const { args, store } = await openStore();
const { sessionId } = args;
const question = { role: 'user', parts: [{ text: 'Tell me a story.' }] };
const loaded = await store.load(sessionId);
await store.beginTurn({
  sessionId,
  expectedVersion: loaded?.head.version ?? 0,
  turnId: 'doomed',
  contents: [question],
  session: { model: 'm' },
});
let text = '';
for (const chunk of ['Once', ' upon', ' a time']) {
  text += chunk;
  await store.checkpoint({
    sessionId,
    turnId: 'doomed',
    contents: [question, { role: 'model', parts: [{ text }] }],
  });
}
process.stdout.write('checkpointed\n');
setInterval(() => {}, 1_000);
