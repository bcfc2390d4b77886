import { parseArgs } from 'node:util';
import { DemoError } from './demo-error';
import { type McpCommand, parseMcpCommand } from './mcp/parse-mcp-command';

/** The command line, parsed. */
export interface CliArgs {
  provider?: string;
  model?: string;
  config?: string;
  message?: string;
  /** Where conversations persist: a SQLite file, redis://… or postgres://…. */
  store?: string;
  /** Keep conversations in memory only. */
  noStore: boolean;
  /** The blocking `Chat` over `loadModels` instead of `AsyncChat`. */
  sync: boolean;
  /** Streaming replies (turned off by `--no-stream`). */
  stream: boolean;
  /** MCP servers whose tools the chat gets (`--mcp`, repeatable). */
  mcp: McpCommand[];
  help: boolean;
}

export const FLAGS: ReadonlyArray<readonly [usage: string, description: string]> = [
  ['--provider NAME', 'mock (default), gemini, openai or anthropic; overrides COLLOQUY_PROVIDER'],
  ['--model NAME', "the provider's model; overrides COLLOQUY_MODEL"],
  ['--config FILE, -c', 'settings file (default: ./colloquy.config.json when it exists)'],
  ['--message TEXT, -m', 'send one message, print the reply, and exit'],
  [
    '--store PATH|URL',
    'where conversations are kept: a SQLite file (default ./.colloquy/chats.db), redis://… or postgres://…',
  ],
  ['--no-store', 'keep conversations in memory only'],
  ['--sync', 'use the blocking Chat (through a worker thread for HTTP providers)'],
  ['--no-stream', 'wait for whole replies instead of streaming them'],
  [
    '--mcp "COMMAND ARGS"',
    'start an MCP server over stdio and give the chat its tools (turns tools on; repeatable)',
  ],
  ['--help, -h', 'this help'],
];

/** Parses the flags; a mistake is a DemoError that says how to fix it. */
export function parseCliArgs(argv: readonly string[]): CliArgs {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    const message = (error as Error).message.split('.')[0] ?? 'Invalid arguments';
    throw new DemoError(`${message}. Run with --help to see the flags.`);
  }
  const { values, positionals } = parsed;
  if (positionals.length > 0) {
    throw new DemoError(
      `Unexpected argument "${positionals[0]}". To send a message, use --message "${positionals.join(' ')}".`,
    );
  }
  if (values.store !== undefined && values['no-store']) {
    throw new DemoError('--store and --no-store contradict each other: pick one.');
  }
  for (const name of ['provider', 'model', 'config', 'message', 'store'] as const) {
    if (values[name]?.trim() === '') throw new DemoError(`--${name} needs a value.`);
  }
  const mcp = (values.mcp ?? []).map(parseMcpCommand);
  if (mcp.length > 0 && values.sync) {
    throw new DemoError(
      '--mcp needs the async chat: MCP tools answer asynchronously, which the blocking Chat of --sync cannot wait for. Drop --sync.',
    );
  }
  return {
    ...(values.provider === undefined ? {} : { provider: values.provider }),
    ...(values.model === undefined ? {} : { model: values.model }),
    ...(values.config === undefined ? {} : { config: values.config }),
    ...(values.message === undefined ? {} : { message: values.message }),
    ...(values.store === undefined ? {} : { store: values.store }),
    noStore: values['no-store'] ?? false,
    sync: values.sync ?? false,
    stream: !(values['no-stream'] ?? false),
    mcp,
    help: values.help ?? false,
  };
}

function parse(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: true,
    options: {
      provider: { type: 'string' },
      model: { type: 'string' },
      config: { type: 'string', short: 'c' },
      message: { type: 'string', short: 'm' },
      store: { type: 'string' },
      'no-store': { type: 'boolean' },
      sync: { type: 'boolean' },
      'no-stream': { type: 'boolean' },
      mcp: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
