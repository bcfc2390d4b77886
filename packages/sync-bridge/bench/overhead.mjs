// Measures what the sync bridge costs over calling the async mock directly:
// per-call overhead of generateContent, and streaming throughput (bridged / async).
// Run after a build: `npx tsup && node bench/overhead.mjs`. Prints numbers; asserts nothing.
import { performance } from 'node:perf_hooks';
import { createMockAsyncModels } from '@colloquy/provider-mock';
import { createBridgedModels } from '../dist/index.js';

const CALLS = Number(process.env.CALLS ?? 5000);
const STREAMS = Number(process.env.STREAMS ?? 200);
const WORDS = Number(process.env.WORDS ?? 200);

const short = { model: 'bench', contents: [{ role: 'user', parts: [{ text: 'hello' }] }] };
// The mock's default reply quotes the user text, so this streams WORDS + 5 word-sized chunks.
const long = {
  model: 'bench',
  contents: [
    { role: 'user', parts: [{ text: Array.from({ length: WORDS }, (_, i) => `w${i}`).join(' ') }] },
  ],
};

// Both mocks keep their request logs (the worker's can't be reset from here), so both pay
// the same growing-heap cost.
const direct = createMockAsyncModels();
const bridged = createBridgedModels({
  module: '@colloquy/provider-mock',
  exportName: 'createMockAsyncModels',
  parentUrl: import.meta.url,
});

async function timeAsync(n, fn) {
  const start = performance.now();
  for (let i = 0; i < n; i++) await fn();
  return performance.now() - start;
}
function timeSync(n, fn) {
  const start = performance.now();
  for (let i = 0; i < n; i++) fn();
  return performance.now() - start;
}
async function drainAsync() {
  let chunks = 0;
  for await (const _ of await direct.generateContentStream(long)) chunks++;
  return chunks;
}
function drainSync() {
  let chunks = 0;
  for (const _ of bridged.generateContentStream(long)) chunks++;
  return chunks;
}
const best = (runs) => Math.min(...runs);

// Warm up both paths (JIT, worker start, module load).
await timeAsync(500, () => direct.generateContent(short));
timeSync(500, () => bridged.generateContent(short));
await timeAsync(20, drainAsync);
timeSync(20, drainSync);

const asyncCall = [];
const syncCall = [];
for (let round = 0; round < 5; round++) {
  asyncCall.push(await timeAsync(CALLS, () => direct.generateContent(short)));
  syncCall.push(timeSync(CALLS, () => bridged.generateContent(short)));
}
const perAsync = best(asyncCall) / CALLS;
const perSync = best(syncCall) / CALLS;

const chunksPerStream = await drainAsync();
const asyncStream = [];
const syncStream = [];
for (let round = 0; round < 5; round++) {
  asyncStream.push(await timeAsync(STREAMS, drainAsync));
  syncStream.push(timeSync(STREAMS, drainSync));
}
const asyncRate = (STREAMS * chunksPerStream) / (best(asyncStream) / 1000);
const syncRate = (STREAMS * chunksPerStream) / (best(syncStream) / 1000);

console.log(
  `node ${process.version}, ${CALLS} calls x5, ${STREAMS} streams of ${chunksPerStream} chunks x5 (best run)`,
);
console.log(
  `generateContent  async: ${(perAsync * 1000).toFixed(1)} µs/call  bridged: ${(perSync * 1000).toFixed(1)} µs/call  overhead: ${((perSync - perAsync) * 1000).toFixed(1)} µs/call`,
);
console.log(
  `streaming        async: ${Math.round(asyncRate)} chunks/s  bridged: ${Math.round(syncRate)} chunks/s  ratio: ${(syncRate / asyncRate).toFixed(2)}x`,
);
bridged.close();
