import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { McpStdioServer } from '../mcp-server-params';

const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** The fixture server over stdio: connectMcp starts it as a child process. */
export function stdioFixture(): McpStdioServer {
  return { command: process.execPath, args: [here('./stdio-server.mjs')] };
}

export interface HttpFixture {
  url: string;
  stop(): Promise<void>;
}

/** The fixture server over Streamable HTTP, in its own process, on 127.0.0.1 and a free port. */
export async function startHttpFixture(): Promise<HttpFixture> {
  const child: ChildProcess = spawn(process.execPath, [here('./http-server.mjs')], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  const port = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`The HTTP fixture exited (${code}): ${output}`)));
    child.stdout?.on('data', (data: Buffer) => {
      output += data.toString();
      const match = /listening (\d+)/.exec(output);
      if (match?.[1]) resolve(match[1]);
    });
  });
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = once(child, 'exit');
      child.kill();
      await exited;
    },
  };
}

/** Whether a process is still running (signal 0 only checks). */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
