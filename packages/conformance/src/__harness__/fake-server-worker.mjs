// Serves one fake provider on 127.0.0.1 from a worker thread. The test's own thread cannot
// serve it: a blocking call (sync-bridge) parks that thread until the answer comes.
// Plain JavaScript, because Node loads worker files without vitest's TypeScript transform.
import { parentPort, workerData } from 'node:worker_threads';
import { createFakeProvider, startFakeServer } from '@colloquy/test-server';

const { provider, apiKey } = workerData;
const fake = createFakeProvider(provider, { apiKey });
const server = await startFakeServer(fake);

parentPort.on('message', async ({ id, op, replies }) => {
  try {
    let value;
    if (op === 'enqueue') fake.enqueue(...replies);
    else if (op === 'requests') value = fake.requests;
    else if (op === 'reset') fake.reset();
    else if (op === 'close') await server.close();
    else throw new TypeError(`unknown op ${op}`);
    parentPort.postMessage({ id, ok: true, value });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, message: String(error) });
  }
});
parentPort.postMessage({ ready: true, baseUrl: server.baseUrlFor(provider) });
