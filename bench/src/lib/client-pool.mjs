// Starts one client-worker process per client of a format and sends them requests.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { handleRequest } from './client-ops.mjs';
import { clientsByFormat } from './clients.mjs';

const workerPath = fileURLToPath(new URL('./client-worker.mjs', import.meta.url));

function startWorker(format, index, serverUrl) {
  const child = fork(workerPath, [format, String(index), serverUrl], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  let nextId = 0;
  const waiting = new Map();
  let ready;
  const readyPromise = new Promise((resolve, reject) => {
    ready = resolve;
    child.once('exit', (code) => reject(new Error(`client worker exited with ${code}`)));
  });
  child.on('message', (message) => {
    if (message.ready) return ready();
    const pending = waiting.get(message.id);
    if (!pending) return;
    waiting.delete(message.id);
    if (message.error) pending.reject(new Error(message.error));
    else pending.resolve(message.result);
  });
  child.on('exit', (code) => {
    for (const pending of waiting.values()) {
      pending.reject(new Error(`client worker exited with ${code}`));
    }
    waiting.clear();
  });
  return {
    ready: readyPromise,
    request(message) {
      const id = nextId++;
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        child.send({ ...message, id });
      });
    },
    close() {
      child.removeAllListeners('exit');
      child.kill();
    },
  };
}

/**
 * Every client of a format, each in its own worker process; or, with `inProcess` (quick mode,
 * where starting a dozen processes would cost more than the measurements), all in this one.
 */
export async function startClientPool(format, serverUrl, { inProcess = false } = {}) {
  if (inProcess) {
    const local = await clientsByFormat[format](serverUrl);
    return {
      clients: local.map((client) => ({
        name: client.name,
        kind: client.kind,
        request: (message) => handleRequest(client, message),
      })),
      close: () => {},
    };
  }
  const first = startWorker(format, 0, serverUrl);
  await first.ready;
  const info = await first.request({ op: 'info' });
  const workers = [first];
  for (let i = 1; i < info.count; i++) workers.push(startWorker(format, i, serverUrl));
  await Promise.all(workers.map((w) => w.ready));
  const clients = [];
  for (const worker of workers) {
    const { name, kind } = await worker.request({ op: 'info' });
    clients.push({ name, kind, request: (message) => worker.request(message) });
  }
  return {
    clients,
    close: () => {
      for (const worker of workers) worker.close();
    },
  };
}
