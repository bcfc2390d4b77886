import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type IPty, spawn } from '@lydell/node-pty';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_PATH, cleanEnv } from './demo-process';

/** A guard against a hang, not a performance assertion. */
const WAIT_MS = 15_000;

// picocolors' sequences: what a person's terminal is asked to draw.
const USER_PROMPT = '\x1b[1m\x1b[36myou ›\x1b[39m\x1b[22m ';
const MODEL_LABEL = '\x1b[1m\x1b[35mmock-1 ›\x1b[39m\x1b[22m ';
const SPINNER = '\x1b[2m⠋ waiting for the model…\x1b[22m';
// Built from a string: a regex literal may not hold control characters (lint).
const SGR = new RegExp(`${'\x1b'}\\[[0-9;]*m`);

/** The demo in a real pseudo-terminal: it sees a TTY on stdin and stdout, as with a person. */
class TerminalSession {
  private output = '';
  /** The output as it was after each read, to see a reply arrive piece by piece. */
  readonly snapshots: string[] = [];
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<number>;
  private readonly pty: IPty;

  constructor(cwd: string, env: Record<string, string>) {
    this.pty = spawn(process.execPath, [CLI_PATH], {
      cwd,
      env: { ...env, TERM: 'xterm-256color' },
      cols: 120,
      rows: 40,
    });
    this.pty.onData((data) => {
      this.output += data;
      this.snapshots.push(this.output);
      for (const waiter of this.waiters) waiter();
    });
    this.exited = new Promise((resolve) => {
      this.pty.onExit(({ exitCode }) => {
        resolve(exitCode);
        for (const waiter of this.waiters) waiter();
      });
    });
  }

  get raw(): string {
    return this.output;
  }

  type(keys: string): void {
    this.pty.write(keys);
  }

  waitFor(text: string, from = 0): Promise<number> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const index = this.output.indexOf(text, from);
        if (index >= 0) {
          cleanup();
          resolve(index + text.length);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(
          new Error(`No ${JSON.stringify(text)} on the terminal:\n${JSON.stringify(this.output)}`),
        );
      }, WAIT_MS);
      const cleanup = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  kill(): void {
    this.pty.kill();
  }
}

let dir: string;
let session: TerminalSession | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'colloquy-demo-pty-'));
});
afterEach(async () => {
  session?.kill();
  session = undefined;
  await rm(dir, { recursive: true, force: true });
});

describe('the demo in a terminal', () => {
  it('shows the prompt, the spinner and a coloured, streamed reply from the built-in mock', async () => {
    session = new TerminalSession(dir, cleanEnv());
    await session.waitFor('Colloquy demo');
    await session.waitFor('mock / mock-1 (built-in default, no key, no network)');
    let at = await session.waitFor(USER_PROMPT);

    session.type('hello there\r');
    at = await session.waitFor(SPINNER, at);
    at = await session.waitFor(MODEL_LABEL, at);
    const replyEnd = await session.waitFor('Mock reply 1: you said "hello there".\r\n', at);
    await session.waitFor(USER_PROMPT, replyEnd);

    // Streamed: the label and the first words were on screen before the whole reply.
    const partial = session.snapshots.some(
      (snapshot) =>
        snapshot.includes(`${MODEL_LABEL}Mock `) && !snapshot.includes('"hello there".'),
    );
    expect(partial).toBe(true);

    session.type('\x03');
    expect(await session.exited).toBe(0);
  });

  it('stops a reply on Ctrl-C, keeps the session, and shows the partial turn in /history', async () => {
    // A slow mock, so the reply is still streaming when Ctrl-C is pressed.
    await writeFile(
      join(dir, 'colloquy.config.json'),
      JSON.stringify({ provider: 'mock', options: { script: { chunkDelayMs: 300 } } }),
    );
    session = new TerminalSession(dir, cleanEnv());
    let at = await session.waitFor(USER_PROMPT);
    session.type('tell me a long story about a fox\r');
    at = await session.waitFor(`${MODEL_LABEL}Mock `, at);
    session.type('\x03');
    at = await session.waitFor('[interrupted]', at);
    at = await session.waitFor(USER_PROMPT, at);

    session.type('/history\r');
    at = await session.waitFor('[interrupted: not sent to the model again', at);
    at = await session.waitFor(USER_PROMPT, at);
    session.type('/exit\r');
    expect(await session.exited).toBe(0);
  });

  it('prints no colour when NO_COLOR is set', async () => {
    session = new TerminalSession(dir, cleanEnv({ NO_COLOR: '1' }));
    let at = await session.waitFor('you › ');
    session.type('plain please\r');
    at = await session.waitFor('mock-1 › Mock reply 1: you said "plain please".', at);
    await session.waitFor('you › ', at);
    session.type('\x04');
    expect(await session.exited).toBe(0);
    expect(session.raw).not.toMatch(SGR);
  });
});
