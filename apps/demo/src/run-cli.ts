import { createInterface, type Interface } from 'node:readline';
import { ConfigurationError } from '@colloquy/chat-core';
import { resolveSettings } from './config/resolve-settings';
import { DemoApp } from './demo-app';
import { DemoError } from './demo-error';
import { connectMcpServers, type McpServers } from './mcp/connect-mcp-servers';
import { parseCliArgs } from './parse-cli-args';
import { DEFAULT_STORE, describeStore, openStore } from './session/open-store';
import { createStyle, shouldColor } from './terminal/create-style';
import { describeError } from './terminal/describe-error';
import { usageText } from './usage-text';

/** Exit codes: 0 fine, 1 a reply or command failed, 2 bad flags or settings, 130 interrupted. */
const EXIT = { ok: 0, failed: 1, usage: 2, interrupted: 130 } as const;

export interface CliIo {
  argv: readonly string[];
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (raw: boolean) => unknown };
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  /** Where SIGINT arrives: `process`. */
  signals: {
    on(event: 'SIGINT', listener: () => void): unknown;
    off(event: 'SIGINT', listener: () => void): unknown;
  };
}

/** Runs the demo and resolves with its exit code. */
export async function runCli(io: CliIo): Promise<number> {
  const errorStyle = createStyle(shouldColor(io.stderr, io.env));
  const problem = (text: string) => io.stderr.write(`${errorStyle.error(`✖ ${text}`)}\n`);

  let args: ReturnType<typeof parseCliArgs>;
  let settings: ReturnType<typeof resolveSettings>;
  try {
    args = parseCliArgs(io.argv);
    if (args.help) {
      io.stdout.write(`${usageText()}\n`);
      return EXIT.ok;
    }
    settings = resolveSettings({ flags: args, env: io.env, cwd: io.cwd });
    for (const warning of settings.warnings ?? []) {
      io.stderr.write(`${errorStyle.tool(`⚠ ${warning}`)}\n`);
    }
  } catch (error) {
    if (error instanceof DemoError) {
      problem(error.message);
      return EXIT.usage;
    }
    throw error;
  }

  const interactive = args.message === undefined && io.stdin.isTTY === true;
  const mode = args.sync ? 'sync' : 'async';
  let store: Awaited<ReturnType<typeof openStore>> | undefined;
  const storeSpec = args.store ?? DEFAULT_STORE;
  if (!args.noStore) {
    try {
      store = await openStore(storeSpec, io.cwd);
    } catch (error) {
      problem(describeError(error));
      return error instanceof DemoError ? EXIT.usage : EXIT.failed;
    }
  }
  let onSigint = () => {};
  const sigint = () => onSigint();
  const app = new DemoApp({
    stdout: io.stdout,
    stderr: io.stderr,
    style: createStyle(shouldColor(io.stdout, io.env)),
    errorStyle,
    cwd: io.cwd,
    env: io.env,
    interactive,
    stdoutIsTty: io.stdout.isTTY === true,
    stream: args.stream,
    mode,
    ...(store ? { store: { store, label: describeStore(storeSpec) } } : {}),
    // The blocked thread cannot run a signal handler: while it is blocked, Ctrl-C keeps its
    // default meaning (end the process), and a terminal must deliver it as a signal.
    blocking: {
      enter() {
        io.signals.off('SIGINT', sigint);
        if (io.stdin.isTTY) io.stdin.setRawMode?.(false);
      },
      leave() {
        if (interactive) io.stdin.setRawMode?.(true);
        io.signals.on('SIGINT', sigint);
      },
    },
  });

  let mcp: McpServers | undefined;
  try {
    if (args.mcp.length > 0) {
      mcp = await connectMcpServers(args.mcp, {
        quiet: interactive,
        onRun: (run) => app.showToolRun(run),
      });
    }
    await app.open(settings, mcp?.tools);
  } catch (error) {
    app.close();
    await mcp?.close();
    problem(describeError(error));
    return ConfigurationError.isInstance(error) ? EXIT.usage : EXIT.failed;
  }

  io.signals.on('SIGINT', sigint);
  try {
    if (args.message !== undefined) {
      onSigint = () => {
        if (app.interrupt() !== 'aborted') process.exit(EXIT.interrupted);
      };
      const outcome = await app.send(args.message);
      return outcome === 'ok'
        ? EXIT.ok
        : outcome === 'interrupted'
          ? EXIT.interrupted
          : EXIT.failed;
    }
    return await readLines(io, app, interactive, (handler) => {
      onSigint = handler;
    });
  } finally {
    io.signals.off('SIGINT', sigint);
    app.close();
    await mcp?.close();
  }
}

async function readLines(
  io: CliIo,
  app: DemoApp,
  interactive: boolean,
  setInterruptHandler: (handler: () => void) => void,
): Promise<number> {
  const style = createStyle(shouldColor(io.stdout, io.env));
  const rl: Interface = createInterface({
    input: io.stdin,
    // Piped input is not echoed: the output holds only replies and command output.
    ...(interactive ? { output: io.stdout, prompt: `${style.user('you ›')} ` } : {}),
    terminal: interactive,
    historySize: interactive ? 100 : 0,
  });
  let interruptedAtPrompt = false;
  const onInterrupt = () => {
    const outcome = app.interrupt();
    if (outcome === 'idle') {
      interruptedAtPrompt = true;
      rl.close();
    } else if (outcome === 'again') {
      // A second Ctrl-C while the first abort is still unwinding: the way out of a hung provider.
      process.exit(EXIT.interrupted);
    }
  };
  setInterruptHandler(onInterrupt);
  // In a terminal, readline reads keys raw: Ctrl-C arrives as its SIGINT event, not a signal.
  rl.on('SIGINT', onInterrupt);

  if (interactive) {
    io.stdout.write(`${app.banner()}\n`);
    rl.prompt();
  }
  try {
    for await (const line of rl) {
      if ((await app.handleLine(line)) === 'exit') break;
      if (interactive) rl.prompt();
    }
  } finally {
    rl.close();
  }
  if (interactive) {
    io.stdout.write('\n');
    return EXIT.ok;
  }
  if (interruptedAtPrompt) return EXIT.interrupted;
  return app.failures > 0 ? EXIT.failed : EXIT.ok;
}
