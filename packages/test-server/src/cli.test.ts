import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { postJson } from './testing/post-json';
import { providerTargets } from './testing/provider-targets';

// The CLI is tested as shipped; turbo builds the package before its tests.
const cli = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
let child: ChildProcess | undefined;

afterEach(() => {
  if (child?.exitCode === null) child.kill('SIGKILL');
});

function start(...args: string[]): Promise<Record<string, string>> {
  if (!existsSync(cli)) throw new Error(`${cli} is missing: run the build (npx tsup) first`);
  child = spawn(process.execPath, [cli, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child?.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const newline = out.indexOf('\n');
      if (newline >= 0) resolve(JSON.parse(out.slice(0, newline)));
    });
    child?.once('exit', (code) => reject(new Error(`cli exited with ${code}`)));
  });
}

it('serves the three fakes, prints their base URLs, and exits on SIGTERM', async () => {
  const urls = await start('--port', '0', '--default-reply', '{"text":"from the cli"}');
  expect(Object.keys(urls).sort()).toEqual(['anthropic', 'gemini', 'openai', 'url']);
  expect(urls.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(urls.openai).toBe(`${urls.url}/v1`);
  for (const name of ['gemini', 'openai', 'anthropic'] as const) {
    const target = providerTargets[name];
    const response = await postJson(
      `${urls[name]}${target.path(false)}`,
      target.headers,
      target.body(false),
    );
    expect(await response.text()).toContain('from the cli');
  }
  const exited = once(child as ChildProcess, 'exit');
  child?.kill('SIGTERM');
  expect((await exited)[0]).toBe(0);
});

it('refuses an unknown option', async () => {
  await expect(start('--nope')).rejects.toThrow('cli exited with 2');
});
