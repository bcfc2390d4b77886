// What a client does on each request of the streaming and time-to-first-chunk scenarios;
// shared by client-worker.mjs (one process per client) and the in-process pool of quick mode.
import { expectedTextLength } from './payloads.mjs';

function check(client, length, events) {
  const expected = expectedTextLength(events);
  if (length !== expected) {
    throw new Error(`${client.name} received ${length} characters of text, expected ${expected}`);
  }
}

export async function handleRequest(client, message) {
  switch (message.op) {
    case 'info':
      return { name: client.name, kind: client.kind };
    case 'stream': {
      const cpu = process.cpuUsage();
      const start = performance.now();
      const length = await client.stream(message.events);
      const ms = performance.now() - start;
      const used = process.cpuUsage(cpu);
      check(client, length, message.events);
      return { ms, cpuMs: (used.user + used.system) / 1000, length };
    }
    case 'first': {
      let firstMs = Number.NaN;
      const start = performance.now();
      const length = await client.stream(message.events, () => {
        firstMs = performance.now() - start;
      });
      check(client, length, message.events);
      if (Number.isNaN(firstMs)) throw new Error(`${client.name} never yielded any text`);
      return { firstMs };
    }
    default:
      throw new Error(`unknown op ${message.op}`);
  }
}
