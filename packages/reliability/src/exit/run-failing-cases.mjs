// Runs failing chat sends against every adapter (async and blocking, streamed and unary),
// then reports what is still alive and lets the process end on its own: it must, quickly,
// with nothing left behind. Spawned by exits-cleanly.test.ts. Plain JavaScript so that it
// runs under plain `node`.
import { AsyncChats, Chats } from '@colloquy/chat-core';
import { createAnthropicAsyncModels, createAnthropicModels } from '@colloquy/provider-anthropic';
import { createGeminiAsyncModels, createGeminiModels } from '@colloquy/provider-gemini';
import { createOpenAIAsyncModels, createOpenAIModels } from '@colloquy/provider-openai';
import { emulations, startFakeServerThread } from '@colloquy/test-server';

const KEY = 'exit-check-key-0123456789';
const adapters = [
  {
    name: 'gemini',
    model: 'gemini-2.5-flash',
    createAsync: createGeminiAsyncModels,
    createSync: createGeminiModels,
  },
  {
    name: 'openai',
    model: 'gpt-4o-mini',
    createAsync: createOpenAIAsyncModels,
    createSync: createOpenAIModels,
  },
  {
    name: 'anthropic',
    model: 'claude-sonnet-4-5',
    createAsync: createAnthropicAsyncModels,
    createSync: createAnthropicModels,
  },
];
const text = 'alpha beta gamma delta';
const chunks = ['alpha ', 'beta ', 'gamma ', 'delta'];

/**
 * Each case: a label, a scripted reply, a send mode, and whether the consumer breaks out
 * early.
 */
const cases = (preamble) => [
  {
    label: 'stall-mid-stream',
    delivery: 'stream',
    reply: { fault: 'stall-mid-stream', text, chunks, afterEvents: preamble + 2, stallMs: 600 },
  },
  { label: 'cut mid-stream', delivery: 'stream', reply: { text, chunks, failAfterChunks: 2 } },
  {
    label: 'malformed event',
    delivery: 'stream',
    reply: { text, chunks, failAfterChunks: 2, error: { name: 'InvalidResponseError' } },
  },
  { label: 'text', delivery: 'stream', reply: { text, chunks }, breakAfter: 1 },
  { label: 'late first byte', delivery: 'unary', reply: { text, delayMs: 600 }, times: 2 },
  {
    label: '503',
    delivery: 'unary',
    reply: { error: { name: 'ServerError', status: 503 } },
    times: 2,
  },
  {
    label: 'reset before headers',
    delivery: 'unary',
    reply: { error: { name: 'ConnectionError' } },
    times: 2,
  },
];

const unhandled = [];
process.on('unhandledRejection', (reason) => unhandled.push(String(reason)));

const host = await startFakeServerThread(
  Object.fromEntries(adapters.map((a) => [a.name, { apiKey: KEY }])),
);

async function send(chat, mode, delivery, message, breakAfter) {
  let seen = 0;
  try {
    if (delivery === 'unary') {
      await chat.sendMessage(message);
      return 'ok';
    }
    const stream =
      mode === 'sync' ? chat.sendMessageStream(message) : await chat.sendMessageStream(message);
    if (mode === 'sync') {
      for (const _chunk of stream) if (++seen === breakAfter) break;
    } else {
      for await (const _chunk of stream) if (++seen === breakAfter) break;
    }
    return breakAfter === undefined ? 'ok' : 'abandoned';
  } catch (error) {
    return error.name;
  }
}

const outcomes = [];
for (const adapter of adapters) {
  const settings = {
    apiKey: KEY,
    baseUrl: host.baseUrlFor(adapter.name),
    timeout: 300,
    idleTimeout: 300,
    maxRetries: 1,
    maxRetryDelay: 20,
  };
  for (const mode of ['async', 'sync']) {
    const chat =
      mode === 'sync'
        ? new Chats(adapter.createSync(settings)).create({ model: adapter.model })
        : new AsyncChats(adapter.createAsync(settings)).create({ model: adapter.model });
    for (const [index, c] of cases(emulations[adapter.name].preambleEvents).entries()) {
      await host.enqueue(adapter.name, ...Array(c.times ?? 1).fill(c.reply));
      const outcome = await send(chat, mode, c.delivery, `case ${index}`, c.breakAfter);
      outcomes.push(`${adapter.name} ${mode} ${c.delivery} ${c.label}: ${outcome}`);
    }
    // The chat still works after all that.
    outcomes.push(`${adapter.name} ${mode} next: ${await send(chat, mode, 'stream', 'next')}`);
  }
}

// While the fake server still runs: what the library itself holds after the failures.
await new Promise((resolve) => setTimeout(resolve, 50));
const whileServing = process.getActiveResourcesInfo();
await host.close();

// Let pending closes and cancels settle before looking.
await new Promise((resolve) => setTimeout(resolve, 50));
await new Promise((resolve) => setImmediate(resolve));
const report = { outcomes, unhandled, whileServing, resources: process.getActiveResourcesInfo() };
process.stdout.write(`${JSON.stringify(report)}\n`);
// No process.exit(): the parent checks that the process ends by itself.
