import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createFakeProvider,
  type FakeProvider,
  type FakeServer,
  type ProviderName,
  providerNames,
  startFakeServer,
} from '@colloquy/test-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runDemo, startDemo } from './demo-process';

// A distinctive key, so a test can prove it is never written to a session file or printed.
const API_KEY = 'sk-e2e-secret-4e7a91';

const fakes: Record<ProviderName, FakeProvider> = {
  gemini: createFakeProvider('gemini', { apiKey: API_KEY }),
  openai: createFakeProvider('openai', { apiKey: API_KEY }),
  anthropic: createFakeProvider('anthropic', { apiKey: API_KEY }),
};
let server: FakeServer;
let dir: string;

beforeAll(async () => {
  server = await startFakeServer(Object.values(fakes));
});
afterAll(async () => {
  await server.close();
});
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'colloquy-demo-e2e-'));
});
afterEach(async () => {
  for (const fake of Object.values(fakes)) fake.reset();
  await rm(dir, { recursive: true, force: true });
});

/** A config file pointing every provider at its loopback fake; `provider` is the one to start on. */
async function writeConfig(provider: ProviderName): Promise<string> {
  const optionsOf = (name: ProviderName) => ({ baseUrl: server.baseUrlFor(name), apiKey: API_KEY });
  const config = {
    provider,
    options: optionsOf(provider),
    providers: Object.fromEntries(
      providerNames.map((name) => [name, { options: optionsOf(name) }]),
    ),
  };
  const path = join(dir, 'demo.config.json');
  await writeFile(path, JSON.stringify(config));
  return path;
}

/** The conversation a fake received in its request number `index`, as [role, text] pairs. */
function conversation(fake: FakeProvider, index: number): Array<[string, string]> | undefined {
  return fake.requests[index]?.parsed?.messages.map((message) => [message.role, message.text]);
}

describe.each(providerNames)('the demo on %s (loopback fake server)', (name) => {
  const fake = fakes[name];

  it('holds a multi-turn chat: each request carries the earlier turns', async () => {
    const config = await writeConfig(name);
    const result = await runDemo(
      ['--config', config],
      ['first question', 'second question', 'third question'],
      { cwd: dir },
    );

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      'Echo: first question\nEcho: second question\nEcho: third question\n',
    );
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests.every((request) => request.parsed?.stream)).toBe(true);
    expect(conversation(fake, 2)).toEqual([
      ['user', 'first question'],
      ['assistant', 'Echo: first question'],
      ['user', 'second question'],
      ['assistant', 'Echo: second question'],
      ['user', 'third question'],
    ]);
  });

  it('switches provider mid-session and sends the history to the new one', async () => {
    const next: ProviderName = name === 'anthropic' ? 'gemini' : 'anthropic';
    const config = await writeConfig(name);
    const result = await runDemo(
      ['--config', config],
      ['hello before the switch', `/provider ${next}`, 'do you remember?'],
      { cwd: dir },
    );

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Now on ${next} / `);
    expect(result.stdout).toContain('Echo: do you remember?');
    expect(fake.requests).toHaveLength(1);
    expect(fakes[next].requests).toHaveLength(1);
    expect(conversation(fakes[next], 0)).toEqual([
      ['user', 'hello before the switch'],
      ['assistant', 'Echo: hello before the switch'],
      ['user', 'do you remember?'],
    ]);
  });

  it('saves a session without the key, and a new process loads it and continues it', async () => {
    const config = await writeConfig(name);
    const first = await runDemo(['--config', config], ['one', 'two', '/save session.json'], {
      cwd: dir,
    });
    expect(first.stderr).toBe('');
    expect(first.stdout).toContain('Saved 2 turns to session.json');

    const saved = await readFile(join(dir, 'session.json'), 'utf8');
    expect(saved).not.toContain(API_KEY);
    expect(saved).not.toContain('apiKey');
    const file = JSON.parse(saved);
    expect(file).toMatchObject({ format: 'colloquy-demo-session', provider: name });
    expect(file.options.baseUrl).toBe(server.baseUrlFor(name));
    expect(file.turns.map((turn: { status: string }) => turn.status)).toEqual([
      'complete',
      'complete',
    ]);
    expect(file.history).toHaveLength(4);

    const second = await runDemo(
      ['--config', config],
      ['/load session.json', '/history', 'three'],
      { cwd: dir },
    );
    expect(second.stderr).toBe('');
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('Loaded 2 turns from session.json');
    expect(second.stdout).toContain(
      '1. you: one\n   model: Echo: one\n2. you: two\n   model: Echo: two\n',
    );
    expect(second.stdout).toMatch(/Echo: three\n$/);
    expect(conversation(fake, 2)).toEqual([
      ['user', 'one'],
      ['assistant', 'Echo: one'],
      ['user', 'two'],
      ['assistant', 'Echo: two'],
      ['user', 'three'],
    ]);
  });

  it('shows the reply after a 429 the adapter retried', async () => {
    fake.enqueue(
      { fault: 'retry-after', afterMs: 20, format: 'ms' },
      {
        text: 'Recovered after the rate limit',
        chunks: ['Recovered ', 'after the ', 'rate limit'],
      },
    );
    const config = await writeConfig(name);
    const result = await runDemo(['--config', config], ['are you there?'], { cwd: dir });

    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Recovered after the rate limit\n');
    expect(fake.requests).toHaveLength(2);
  });

  it('aborts a reply on SIGINT, keeps the partial turn out of the curated history, and goes on', async () => {
    const config = await writeConfig(name);
    const demo = startDemo(['--config', config], { cwd: dir });
    demo.line('hello');
    let at = await demo.waitFor('Echo: hello\n');

    // Four events reach even Anthropic's first text delta (after its three preamble events).
    fake.enqueue({
      fault: 'stall-mid-stream',
      stallMs: 60_000,
      afterEvents: 4,
      text: 'Once upon a time there was a fox',
      chunks: ['Once ', 'upon ', 'a ', 'time ', 'there ', 'was ', 'a fox'],
    });
    demo.line('tell me a story');
    at = await demo.waitFor('Once ', at);
    demo.child.kill('SIGINT');
    at = await demo.waitFor('[interrupted]\n', at);

    demo.line('/history');
    const historyEnd = await demo.waitFor(
      /\[interrupted: not sent to the model again \(.*\)\]\n/,
      at,
    );
    const history = demo.stdout().slice(at, historyEnd);
    expect(history).toContain('2. you: tell me a story\n   model: Once ');

    demo.line('/curated');
    const curatedEnd = await demo.waitFor('model: Echo: hello\n', historyEnd);
    expect(demo.stdout().slice(historyEnd, curatedEnd)).toBe('you: hello\nmodel: Echo: hello\n');

    demo.line('are you still there?');
    await demo.waitFor('Echo: are you still there?\n', curatedEnd);
    demo.end();
    expect(await demo.exited).toBe(0);
    expect(demo.stderr()).toBe('');
    // The interrupted turn is not sent again.
    expect(conversation(fake, 2)).toEqual([
      ['user', 'hello'],
      ['assistant', 'Echo: hello'],
      ['user', 'are you still there?'],
    ]);
  });
});

describe('the demo against a fake provider', () => {
  it('prints a provider error as one line without the key, and the session goes on', async () => {
    fakes.openai.enqueue({
      error: { name: 'ApiError', providerMessage: `model not supported for key ${API_KEY}` },
    });
    const config = await writeConfig('openai');
    const result = await runDemo(['--config', config], ['first try', 'second try'], { cwd: dir });

    expect(result.stdout).toBe('Echo: second try\n');
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^✖ ApiError: /);
    expect(result.stderr).not.toContain(API_KEY);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    // A failed line makes a scripted run fail, after it went on with the rest.
    expect(result.code).toBe(1);
  });

  it('answers --message with the reply and exits 0', async () => {
    const config = await writeConfig('gemini');
    const demo = startDemo(['--config', config, '--message', 'just once'], { cwd: dir });
    expect(await demo.exited).toBe(0);
    expect(demo.stdout()).toBe('Echo: just once\n');
  });

  it('exits non-zero from --message when the provider fails', async () => {
    fakes.anthropic.enqueue({
      error: { name: 'NotFoundError', providerMessage: 'model: no-such-model' },
    });
    const config = await writeConfig('anthropic');
    const demo = startDemo(['--config', config, '--model', 'no-such-model', '-m', 'hi'], {
      cwd: dir,
    });
    expect(await demo.exited).toBe(1);
    expect(demo.stdout()).toBe('');
    expect(demo.stderr()).toMatch(/^✖ NotFoundError: .+\n$/);
    expect(fakes.anthropic.requests[0]?.parsed?.model).toBe('no-such-model');
  });

  it('runs the blocking Chat with --sync, through the worker-thread bridge', async () => {
    const config = await writeConfig('openai');
    const result = await runDemo(['--config', config, '--sync'], ['sync one', 'sync two'], {
      cwd: dir,
    });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('Echo: sync one\nEcho: sync two\n');
    expect(conversation(fakes.openai, 1)).toEqual([
      ['user', 'sync one'],
      ['assistant', 'Echo: sync one'],
      ['user', 'sync two'],
    ]);
  });

  it('sends whole-reply requests with --no-stream', async () => {
    const config = await writeConfig('anthropic');
    const result = await runDemo(['--config', config, '--no-stream'], ['not streamed'], {
      cwd: dir,
    });
    expect(result.stdout).toBe('Echo: not streamed\n');
    expect(fakes.anthropic.requests[0]?.parsed?.stream).toBe(false);
  });

  it('runs the demo tools when the model calls them, and shows a line for each', async () => {
    fakes.gemini.enqueue(
      { functionCalls: [{ name: 'calculate', args: { expression: '(2 + 3) * 4' }, id: 'c1' }] },
      { text: 'It is 20.' },
    );
    const config = await writeConfig('gemini');
    const result = await runDemo(['--config', config], ['/tools on', 'what is (2+3)*4?'], {
      cwd: dir,
    });
    expect(result.stderr).toBe('');
    expect(result.stdout).toContain('⚙ calculate("(2 + 3) * 4") → 20\nIt is 20.\n');
    expect(fakes.gemini.requests[0]?.parsed?.toolNames).toEqual(['current_time', 'calculate']);
    expect(fakes.gemini.requests[1]?.parsed?.hasToolResults).toBe(true);
  });
});
