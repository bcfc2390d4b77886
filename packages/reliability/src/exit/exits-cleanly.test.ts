import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('./run-failing-cases.mjs', import.meta.url));
/** Far above the script's own work (a few seconds); only a process that hangs reaches it. */
const EXIT_BOUND_MS = 45_000;
/** The child's own stdio pipes: the parent reads them, they are not the library's. */
const STDIO_RESOURCES = new Set(['PipeWrap', 'TTYWrap']);

interface ChildReport {
  outcomes: string[];
  unhandled: string[];
  whileServing: string[];
  resources: string[];
}

function runChild(): Promise<{
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  killed: boolean;
}> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SCRIPT], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk;
    });
    const bound = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, EXIT_BOUND_MS);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(bound);
      resolve({ code, signal, stdout, stderr, killed });
    });
  });
}

describe('a process that saw every kind of failure', () => {
  it('exits by itself with code 0, holding no timer, socket or worker', async () => {
    const { code, signal, stdout, stderr, killed } = await runChild();
    expect(killed, `did not exit by itself; stderr: ${stderr}`).toBe(false);
    expect({ code, signal, stderr }).toEqual({ code: 0, signal: null, stderr: '' });

    const report = JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}') as ChildReport;
    expect(report.unhandled).toEqual([]);
    const own = (resources: string[]) => resources.filter((r) => !STDIO_RESOURCES.has(r));
    // After the failures, while the fake server is still up: no idle timer, no socket.
    expect(own(report.whileServing)).toEqual([]);
    expect(own(report.resources)).toEqual([]);

    // The cases really failed the way the matrix says, in both session kinds.
    const expectedOutcomes = ['gemini', 'openai', 'anthropic'].flatMap((adapter) =>
      ['async', 'sync'].flatMap((mode) => [
        `${adapter} ${mode} stream stall-mid-stream: TimeoutError`,
        `${adapter} ${mode} stream cut mid-stream: StreamInterruptedError`,
        `${adapter} ${mode} stream malformed event: InvalidResponseError`,
        `${adapter} ${mode} stream text: abandoned`,
        `${adapter} ${mode} unary late first byte: TimeoutError`,
        `${adapter} ${mode} unary 503: ServerError`,
        `${adapter} ${mode} unary reset before headers: ConnectionError`,
        `${adapter} ${mode} next: ok`,
      ]),
    );
    expect(report.outcomes).toEqual(expectedOutcomes);
  });
});
