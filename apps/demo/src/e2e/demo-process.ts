import { type ChildProcess, spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI, as `npm run demo` runs it. */
export const CLI_PATH = join(dirname(fileURLToPath(import.meta.url)), '../../dist/cli.js');

/** A guard against a test hanging forever, not a performance assertion. */
const WAIT_MS = 15_000;

/**
 * An environment without the machine's keys or demo settings, so a developer's
 * OPENAI_API_KEY or COLLOQUY_PROVIDER cannot change what a test sees.
 */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'SYSTEMROOT', 'TMPDIR', 'TEMP', 'TMP']) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  return { ...env, ...extra };
}

export interface DemoProcess {
  readonly child: ChildProcess;
  stdout(): string;
  stderr(): string;
  /** Writes one line to the demo's stdin. */
  line(text: string): void;
  /** Closes stdin: the demo exits once it has handled every line. */
  end(): void;
  /** Resolves with the index just after the first match at or after `from` in stdout. */
  waitFor(pattern: string | RegExp, from?: number): Promise<number>;
  /** The exit code (or the signal's name). */
  exited: Promise<number | string>;
}

/** Starts `node dist/cli.js` with piped stdio, so stdin lines drive it as a script would. */
export function startDemo(args: string[], options: { cwd: string; env?: Record<string, string> }) {
  const child = spawn(process.execPath, [CLI_PATH, ...args], {
    cwd: options.cwd,
    env: options.env ?? cleanEnv(),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    out += text;
    notify();
  });
  child.stderr.setEncoding('utf8').on('data', (text: string) => {
    err += text;
    notify();
  });
  let exitedNow = false;
  // 'close', not 'exit': output may still arrive after the process has exited.
  const exited = new Promise<number | string>((resolve) => {
    child.on('close', (code, signal) => {
      exitedNow = true;
      resolve(code ?? signal ?? 'unknown');
      notify();
    });
  });

  const demo: DemoProcess = {
    child,
    stdout: () => out,
    stderr: () => err,
    line(text) {
      child.stdin.write(`${text}\n`);
    },
    end() {
      child.stdin.end();
    },
    waitFor(pattern, from = 0) {
      const find = (): number | undefined => {
        const rest = out.slice(from);
        if (typeof pattern === 'string') {
          const index = rest.indexOf(pattern);
          return index < 0 ? undefined : from + index + pattern.length;
        }
        const match = pattern.exec(rest);
        return match ? from + match.index + match[0].length : undefined;
      };
      return new Promise<number>((resolve, reject) => {
        const check = () => {
          const found = find();
          if (found !== undefined) {
            cleanup();
            resolve(found);
          } else if (exitedNow) {
            cleanup();
            reject(
              new Error(
                `The demo exited before printing ${String(pattern)}.\nstdout:\n${out}\nstderr:\n${err}`,
              ),
            );
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(
            new Error(
              `No ${String(pattern)} in the demo's output.\nstdout:\n${out}\nstderr:\n${err}`,
            ),
          );
        }, WAIT_MS);
        const cleanup = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    exited,
  };
  return demo;
}

/** Runs the demo over the given stdin lines to the end; resolves with its output and exit code. */
export async function runDemo(
  args: string[],
  lines: string[],
  options: { cwd: string; env?: Record<string, string> },
): Promise<{ code: number | string; stdout: string; stderr: string }> {
  const demo = startDemo(args, options);
  for (const line of lines) demo.line(line);
  demo.end();
  const code = await demo.exited;
  return { code, stdout: demo.stdout(), stderr: demo.stderr() };
}
