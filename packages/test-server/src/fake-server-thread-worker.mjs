// The worker behind `startFakeServerThread`. Plain JavaScript, because Node loads worker files
// without any TypeScript transform; it imports this package by name (its build).
import { parentPort, workerData } from 'node:worker_threads';
import { createFakeProvider, startFakeServer } from '@colloquy/test-server';

/** @type {{ providers: Record<string, import('@colloquy/test-server').FakeProviderOptions> }} */
const { providers } = workerData;
const fakes = new Map(
  Object.entries(providers).map(([name, options]) => [name, createFakeProvider(name, options)]),
);
const server = await startFakeServer([...fakes.values()]);

/** @param {string} name */
function fakeOf(name) {
  const fake = fakes.get(name);
  if (fake === undefined) throw new Error(`no '${name}' fake in this thread`);
  return fake;
}

const operations = {
  enqueue: ({ provider, replies }) => fakeOf(provider).enqueue(...replies),
  requests: ({ provider }) => fakeOf(provider).requests,
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
parentPort?.postMessage({ url: server.url, baseUrls });
