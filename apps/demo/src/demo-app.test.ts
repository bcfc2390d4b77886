import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoAppOptions } from './demo-app';
import { demoSettings, startDemoApp } from './test-utils/start-demo-app';

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'colloquy-demo-app-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const start = (options: Partial<DemoAppOptions> = {}, demo = demoSettings()) =>
  startDemoApp(cwd, options, demo);

describe('DemoApp', () => {
  it('sends messages and prints each reply on its line', async () => {
    const { app, take } = await start();
    expect(await app.handleLine('hello')).toBe('continue');
    expect(take()).toEqual({ out: 'Mock reply 1: you said "hello".\n', err: '' });
  });

  it('answers /help, /tools, /usage, /reset and /exit', async () => {
    const { app, take } = await start();
    await app.handleLine('/help');
    expect(take().out).toContain('/provider [NAME [MODEL]]');

    await app.handleLine('/tools');
    expect(take().out).toBe('Tools off.\n');
    await app.handleLine('/tools on');
    expect(take().out).toBe('Tools on: current_time, calculate (try "calculate (2+3)*4").\n');

    await app.handleLine('/usage');
    expect(take().out).toBe('No usage reported yet.\n');
    await app.handleLine('calculate 6*7');
    expect(take().out).toBe(
      '⚙ calculate("6*7") → 42\nMock reply 1: calculate returned {"result":42}.\n',
    );
    await app.handleLine('/usage');
    expect(take().out).toBe('mock/mock-1: 2 requests, prompt 6, reply 7, total 13 tokens\n');

    await app.handleLine('/reset');
    expect(take().out).toBe('New conversation: history and usage cleared.\n');
    await app.handleLine('/history');
    expect(take().out).toBe('(no turns yet)\n');
    expect(await app.handleLine('/exit')).toBe('exit');
    expect(app.failures).toBe(0);
  });

  it('shows errors as one line on stderr and counts them', async () => {
    const { app, take } = await start();
    await app.handleLine('/nope');
    await app.handleLine('/provider gemini');
    await app.handleLine('/load missing.json');
    const { out, err } = take();
    expect(out).toBe('');
    expect(err.split('\n')).toEqual([
      '✖ Unknown command /nope. Type /help for the commands (start with // to send a message beginning with /).',
      '✖ ConfigurationError: No API key for gemini. Set GEMINI_API_KEY or GOOGLE_API_KEY, or pass apiKey to the gemini provider.',
      '✖ missing.json does not exist.',
      '',
    ]);
    expect(app.failures).toBe(3);
    // The session is untouched.
    await app.handleLine('still here?');
    expect(take().out).toBe('Mock reply 1: you said "still here?".\n');
  });

  it('switches provider with /provider, keeping the conversation', async () => {
    const { app, take } = await start();
    await app.handleLine('one');
    await app.handleLine('/provider mock mock-2');
    expect(take().out).toContain('Now on mock / mock-2, with the conversation so far (1 turn).\n');
    await app.handleLine('two');
    expect(take().out).toBe('Mock reply 2: you said "two".\n');
    await app.handleLine('/provider');
    expect(take().out).toBe(
      'Current: mock / mock-2\nKnown providers: mock, gemini, openai, anthropic. Switch with /provider NAME [MODEL].\n',
    );
  });

  it('saves with /save and restores with /load, in another app and mode', async () => {
    const first = await start();
    await first.app.handleLine('/tools on');
    await first.app.handleLine('one');
    await first.app.handleLine('two');
    first.take();
    await first.app.handleLine('/save chat.json');
    expect(first.take().out).toBe('Saved 2 turns to chat.json (no API keys).\n');
    const file = JSON.parse(await readFile(join(cwd, 'chat.json'), 'utf8'));
    expect(file.turns).toHaveLength(2);

    const second = await start({ mode: 'sync' });
    await second.app.handleLine('/load chat.json');
    expect(second.take().out).toBe('Loaded 2 turns from chat.json: mock / mock-1, tools on.\n');
    await second.app.handleLine('/curated');
    expect(second.take().out).toBe(
      [
        'you: one',
        'model: Mock reply 1: you said "one".',
        'you: two',
        'model: Mock reply 2: you said "two".',
        '',
      ].join('\n'),
    );
    await second.app.handleLine('three');
    expect(second.take().out).toBe('Mock reply 3: you said "three".\n');
  });

  it('aborts the reply in flight on interrupt, and only then', async () => {
    const { app, take } = await start(
      {},
      demoSettings({ mock: { options: { script: { chunkDelayMs: 20 } } } }),
    );
    expect(app.interrupt()).toBe('idle');
    const sending = app.send('a long story please');
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(app.interrupt()).toBe('aborted');
    expect(app.interrupt()).toBe('again');
    expect(await sending).toBe('interrupted');
    expect(take().out).toMatch(/^Mock .*\[interrupted\]\n$/);
    expect(app.interrupt()).toBe('idle');
    await app.handleLine('/history');
    expect(take().out).toMatch(
      /\[interrupted: not sent to the model again \(AbortError: .+\)\]\n$/,
    );
  });
});
