// The fake providers on a real socket, served from a worker thread. A blocking `Chat` parks
// the main thread while it waits for its reply, so a server living there could never answer;
// here it keeps serving. Plain JavaScript because worker files are not transformed by vitest.
import { parentPort, workerData } from 'node:worker_threads';
import { createFakeProvider, startFakeServer } from '@colloquy/test-server';

/** @type {{ providers: Array<[import('@colloquy/test-server').ProviderName, import('@colloquy/test-server').FakeProviderOptions]> }} */
const { providers } = workerData;
const fakes = new Map(
  providers.map(([name, options]) => [name, createFakeProvider(name, options)]),
);
const server = await startFakeServer([...fakes.values()]);

/** @param {string} name */
function fakeOf(name) {
  const fake = fakes.get(name);
  if (fake === undefined) throw new Error(`no fake provider '${name}' in this host`);
  return fake;
}

const operations = {
  /** @param {{ provider: string, replies: import('@colloquy/test-server').ScriptedReply[] }} message */
  enqueue: ({ provider, replies }) => fakeOf(provider).enqueue(...replies),
  /** @param {{ provider: string }} message */
  requests: ({ provider }) => fakeOf(provider).requests,
  /** @param {{ provider: string }} message */
  pending: ({ provider }) => fakeOf(provider).pending,
  reset: () => {
    for (const fake of fakes.values()) fake.reset();
  },
  close: () => server.close(),
};

parentPort?.on('message', async (message) => {
  try {
    const operation = operations[message.op];
    if (operation === undefined) throw new Error(`unknown operation '${message.op}'`);
    const result = await operation(message);
    parentPort?.postMessage({ id: message.id, ok: true, result });
  } catch (error) {
    parentPort?.postMessage({ id: message.id, ok: false, message: String(error) });
  }
});

const baseUrls = Object.fromEntries(
  [...fakes.keys()].map((name) => [name, server.baseUrlFor(name)]),
);
parentPort?.postMessage({ ready: true, url: server.url, baseUrls });
