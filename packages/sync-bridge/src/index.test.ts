// The built package as users get it (run `npx tsup` first; turbo's test task does), each
// check in a fresh Node process, so the process's own exit is what is tested.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const dist = new URL('../dist/', import.meta.url);
const parentUrl = import.meta.url;

const useBridge = (load: string) => `
${load}
const models = createBridgedModels({
  module: '@colloquy/provider-mock',
  exportName: 'createMockAsyncModels',
  options: [{ text: 'hello from the worker' }, { text: 'streamed back', chunks: ['streamed', ' back'] }],
  parentUrl: ${JSON.stringify(parentUrl)},
});
const params = { model: 'm', contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
const reply = models.generateContent(params).text;
const chunks = [...models.generateContentStream(params)].map((chunk) => chunk.text);
console.log(JSON.stringify({ reply, chunks }));
// No close(): the process must still exit on its own.
`;

function runNode(args: string[]) {
  // The spawn timeout only turns a hang into a failure; no duration is asserted.
  return spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 60_000 });
}

describe('the built package', () => {
  it.each([
    [
      'ESM',
      [
        '--input-type=module',
        '-e',
        useBridge(
          `import { createBridgedModels } from ${JSON.stringify(new URL('index.js', dist).href)};`,
        ),
      ],
    ],
    [
      'CommonJS',
      [
        '--input-type=commonjs',
        '-e',
        useBridge(
          `const { createBridgedModels } = require(${JSON.stringify(new URL('index.cjs', dist).pathname)});`,
        ),
      ],
    ],
  ])('works from %s, and the process exits by itself', (_format, args) => {
    const result = runNode(args);
    expect(result.stderr).toBe('');
    expect(result.signal).toBeNull();
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({
      reply: 'hello from the worker',
      chunks: ['streamed', ' back'],
    });
  });

  it('releases a stream dropped half-read once it is garbage-collected', () => {
    const script = `
const { createBridgedModels } = await import(${JSON.stringify(new URL('index.js', dist).href)});
const buffer = new SharedArrayBuffer(16);
const probe = new Int32Array(buffer);
const models = createBridgedModels({
  module: ${JSON.stringify(new URL('./__fixtures__/probe-models.mjs', import.meta.url).href)},
  exportName: 'createProbeAsyncModels',
  options: { buffer, chunks: 1000, chunkDelayMs: 5 },
});
const params = { model: 'm', contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };
(() => models.generateContentStream(params)[Symbol.iterator]().next())();
// The release rides along with the next call after the finalizer has run.
for (let attempt = 0; attempt < 20 && Atomics.load(probe, 2) === 0; attempt++) {
  globalThis.gc();
  await new Promise((resolve) => setTimeout(resolve, 10));
  models.generateContent(params);
}
console.log(Atomics.load(probe, 2));`;
    const result = runNode(['--expose-gc', '--input-type=module', '-e', script]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('1');
  });

  it('imports without worker threads, and explains itself when asked for blocking Models', () => {
    const script = `
delete process.getBuiltinModule;
const { createBridgedModels } = await import(${JSON.stringify(new URL('index.js', dist).href)});
try {
  createBridgedModels({ module: '@colloquy/provider-mock', exportName: 'createMockAsyncModels' });
} catch (error) {
  console.log(error.name + ': ' + error.message);
}`;
    const result = runNode(['--input-type=module', '-e', script]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(/^ConfigurationError: Blocking Models need worker threads/);
  });

  it('has no static import of Node builtins or synckit in what the entry loads', () => {
    const entryFiles = readdirSync(dist).filter((name) => /^(index|chunk-.*)\.(c?js)$/.test(name));
    expect(entryFiles).toContain('index.js');
    expect(entryFiles).toContain('index.cjs');
    for (const name of entryFiles) {
      const code = readFileSync(new URL(name, dist), 'utf8');
      expect(code, name).not.toMatch(/^\s*import[^;]*from\s*["'](node:|synckit)/m);
      expect(code, name).not.toMatch(/^\s*(var|const|let)\s[^;]*=\s*require\(["'](node:|synckit)/m);
    }
  });
});
