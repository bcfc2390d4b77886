// A writer that dies mid-stream: begins a turn, checkpoints part of a reply, says so on
// stdout, then waits to be killed with SIGKILL (no chance to clean up).
import { createPostgresStore } from '../../dist/index.js';

const [connectionString, schema, sessionId, leaseMs] = process.argv.slice(2);
const store = createPostgresStore({ connectionString, schema, leaseMs: Number(leaseMs), max: 1 });
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
