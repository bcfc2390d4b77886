import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanEnv, runDemo, startDemo } from './demo-process';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'colloquy-demo-cli-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A mock that streams slowly enough for a signal to land mid-reply. */
async function slowMockConfig(): Promise<void> {
  await writeFile(
    join(dir, 'colloquy.config.json'),
    JSON.stringify({ provider: 'mock', options: { script: { chunkDelayMs: 200 } } }),
  );
}

/** `--mcp` for the fixture MCP server beside this file. */
const MCP_SERVER = `${process.execPath} ${fileURLToPath(new URL('./mcp-server.mjs', import.meta.url))}`;

describe('the demo CLI', () => {
  it('gives the chat the tools of an --mcp server, and stops the server at exit', async () => {
    // The mock calls a declared function the message names, with the text after it. The
    // server shares the demo's stderr: runDemo ends only once every holder of it has exited.
    const result = await runDemo(['--mcp', MCP_SERVER, '-m', 'shout: hello there'], [], {
      cwd: dir,
    });
    expect(result).toEqual({
      code: 0,
      stdout: [
        '⚙ shout("hello there") → "HELLO THERE"',
        'Mock reply 1: shout returned {"result":"HELLO THERE"}.',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('says what to check when an --mcp server cannot be started', async () => {
    const result = await runDemo(['--mcp', 'colloquy-no-such-server --flag', '-m', 'hi'], [], {
      cwd: dir,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(
      /^✖ McpConnectionError: Could not start the MCP server "colloquy-no-such-server": .*Check that the command exists/,
    );
  });

  it('chats with the built-in mock when there is no config, key or network', async () => {
    const result = await runDemo([], ['hello', '/curated'], { cwd: dir });
    expect(result).toEqual({
      code: 0,
      stdout: [
        'Mock reply 1: you said "hello".',
        'you: hello',
        'model: Mock reply 1: you said "hello".',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('prints every flag and command with --help', async () => {
    const result = await runDemo(['--help'], [], { cwd: dir });
    expect(result.code).toBe(0);
    for (const text of [
      '--provider',
      '--model',
      '--config',
      '--message',
      '--sync',
      '--no-stream',
      '--mcp',
    ]) {
      expect(result.stdout).toContain(text);
    }
    for (const text of [
      '/history',
      '/curated',
      '/save',
      '/load',
      '/provider',
      '/tools',
      '/usage',
      '/reset',
      '/exit',
    ]) {
      expect(result.stdout).toContain(text);
    }
  });

  it('names the environment variable when a key is missing', async () => {
    const result = await runDemo(['--provider', 'anthropic', '-m', 'hi'], [], { cwd: dir });
    expect(result).toEqual({
      code: 2,
      stdout: '',
      stderr:
        '✖ ConfigurationError: No API key for anthropic. Set ANTHROPIC_API_KEY, or pass apiKey to the anthropic provider.\n',
    });
  });

  it('lists the known providers for an unknown one', async () => {
    const result = await runDemo([], [], {
      cwd: dir,
      env: cleanEnv({ COLLOQUY_PROVIDER: 'claude' }),
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      '✖ Unknown provider "claude" (from COLLOQUY_PROVIDER). Known providers: mock, gemini, openai, anthropic; or give the path of an adapter module, e.g. ./my-adapter.js.\n',
    );
  });

  it('says which config setting to fix', async () => {
    await writeFile(
      join(dir, 'colloquy.config.json'),
      JSON.stringify({ provider: 'openai', config: { temperature: 'warm' } }),
    );
    const result = await runDemo([], [], { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      '✖ colloquy.config.json has settings to fix:\n  config.temperature: expected a number\n',
    );
  });

  it('warns about an unknown config key, naming it and the file, and still runs', async () => {
    await writeFile(
      join(dir, 'colloquy.config.json'),
      JSON.stringify({ provider: 'mock', config: { temprature: 0.2 } }),
    );
    const result = await runDemo(['-m', 'hi'], [], { cwd: dir });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(
      /^⚠ colloquy\.config\.json: config\.temprature is not a setting the demo knows, so it was ignored \(allowed here: systemInstruction, temperature, /,
    );
    expect(result.stdout).toContain('Mock reply 1');
  });

  it('exits 130 on SIGINT while waiting for input', async () => {
    const demo = startDemo([], { cwd: dir });
    demo.line('hello');
    await demo.waitFor('Mock reply 1: you said "hello".\n');
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(130);
  });

  it('exits 130 when --message is interrupted', async () => {
    await slowMockConfig();
    const demo = startDemo(['--message', 'a long answer please'], { cwd: dir });
    await demo.waitFor('Mock ');
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe(130);
    expect(demo.stdout()).toMatch(/^Mock .*\[interrupted\]\n$/);
  });

  it('ends at once on SIGINT during a --sync reply, which no signal handler can reach', async () => {
    await slowMockConfig();
    const demo = startDemo(['--sync'], { cwd: dir });
    demo.line('a long answer please');
    await demo.waitFor('Mock ');
    demo.child.kill('SIGINT');
    expect(await demo.exited).toBe('SIGINT');
    expect(demo.stdout()).not.toContain('"a long answer please".');
  });
});
