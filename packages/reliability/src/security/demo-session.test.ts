import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  createFakeProvider,
  type FakeProvider,
  type FakeServer,
  type ProviderName,
  startFakeServer,
} from '@colloquy/test-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AdapterUnderTest, adapters } from '../harness/adapters';
import { canaryKeys, LEAK_MARKER } from '../harness/canary-keys';

// The demo's `/save` end to end: its built CLI in a child process, against the loopback
// fakes, with the key given as an option and in custom headers, and failures that echo it.
const CLI = fileURLToPath(new URL('../../../../apps/demo/dist/cli.js', import.meta.url));
/** A guard against a hung child, not a duration assertion. */
const BOUND_MS = 30_000;

function runDemo(args: string[], input: string, cwd: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], {
      cwd,
      // No machine keys or demo settings: only what the config file says.
      env: { PATH: process.env.PATH ?? '', HOME: cwd },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const bound = setTimeout(() => child.kill('SIGKILL'), BOUND_MS);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(bound);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(input);
  });
}

const fakes = new Map<ProviderName, FakeProvider>();
let server: FakeServer;
let dir: string;

beforeAll(async () => {
  for (const adapter of adapters) {
    fakes.set(adapter.name, createFakeProvider(adapter.name, { apiKey: canaryKeys[adapter.name] }));
  }
  server = await startFakeServer([...fakes.values()]);
  dir = await mkdtemp(join(tmpdir(), 'colloquy-reliability-demo-'));
});
afterAll(async () => {
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe.skipIf(!existsSync(CLI))('the demo saves sessions without the key', () => {
  describe.each(adapters)('$name', (adapter: AdapterUnderTest) => {
    it.each([[[]], [['--sync']]])(
      'after a reply, a key-echoing 401 and a broken stream (flags %j)',
      async (flags) => {
        const key = canaryKeys[adapter.name];
        const fake = fakes.get(adapter.name) as FakeProvider;
        fake.reset();
        fake.enqueue(
          { text: 'first reply' },
          { fault: 'echo-key' },
          { text: 'alpha beta gamma', chunks: ['alpha ', 'beta ', 'gamma'], failAfterChunks: 1 },
        );
        const config = join(dir, `${adapter.name}.config.json`);
        await writeFile(
          config,
          JSON.stringify({
            provider: adapter.name,
            options: {
              baseUrl: server.baseUrlFor(adapter.name),
              apiKey: key,
              headers: { 'x-custom-auth': key },
              maxRetries: 0,
            },
            config: { httpOptions: { headers: { 'x-trace-auth': key } } },
          }),
        );
        const file = `${adapter.name}-${flags.length}.session.json`;
        const result = await runDemo(
          ['--config', config, ...flags],
          `one\ntwo\nthree\n/save ${file}\n`,
          dir,
        );

        // The failures happened, and were reported without the key.
        expect(result.stderr).toMatch(/AuthenticationError/);
        expect(result.stderr).toMatch(/StreamInterruptedError/);
        expect(result.stdout + result.stderr).not.toContain(LEAK_MARKER);
        const saved = await readFile(join(dir, file), 'utf8');
        expect(saved).not.toContain(LEAK_MARKER);
        const session = JSON.parse(saved) as { turns: Array<{ status: string }> };
        expect(session.turns.map((turn) => turn.status)).toEqual(['complete', 'interrupted']);
        // The key went out in headers only.
        for (const request of fake.requests) {
          expect(request.path + JSON.stringify(request.query)).not.toContain(LEAK_MARKER);
          expect(request.authorized).toBe(true);
        }
      },
    );
  });
});
