// One client in its own process, driven over IPC by the streaming and time-to-first-chunk
// scenarios. Clients share code (undici; eventsource-parser is one module instance for the raw
// loop, provider-kit and the AI SDK), so measured in one process each would run on JIT feedback
// polluted by the others; measured here, each runs as it would in an application that uses only
// it. The coordinator still interleaves the clients request by request.
//
//   fork('client-worker.mjs', [format, index, serverUrl])
//   → {op: 'info'}                 ← {name, kind, count}
//   → {op: 'stream', events}       ← {ms, cpuMs, length}
//   → {op: 'first', events}        ← {firstMs}
import { handleRequest } from './client-ops.mjs';
import { clientsByFormat } from './clients.mjs';

const [format, indexArg, serverUrl] = process.argv.slice(2);
const clients = await clientsByFormat[format](serverUrl);
const client = clients[Number(indexArg)];

process.on('message', (message) => {
  if (message.op === 'exit') process.exit(0);
  handleRequest(client, message).then(
    (result) =>
      process.connected &&
      process.send({ id: message.id, result: { ...result, count: clients.length } }),
    (error) =>
      process.connected && process.send({ id: message.id, error: String(error?.stack ?? error) }),
  );
});
// The coordinator is gone (finished or crashed): nothing left to measure.
process.on('disconnect', () => process.exit(0));
process.send({ ready: true });
