import { parseArgs } from 'node:util';
import { DemoError } from '@colloquy/demo/settings';

/** The web chat's command line, parsed. */
export interface WebArgs {
  provider?: string;
  model?: string;
  config?: string;
  /** Where conversations persist: a SQLite file, redis://… or postgres://…. */
  store?: string;
  port: number;
  host: string;
  help: boolean;
}

export const WEB_USAGE = `Usage: colloquy-web [flags]   (or: npm run web -- [flags])

Serves Colloquy's web chat. Settings come from ./colloquy.config.json (when it exists),
COLLOQUY_PROVIDER / COLLOQUY_MODEL and these flags, as for the terminal demo.

  --provider NAME     mock (default), gemini, openai or anthropic
  --model NAME        the provider's model
  --config FILE, -c   settings file (default: ./colloquy.config.json when it exists)
  --store PATH|URL    where conversations are kept: a SQLite file (default ./.colloquy/chats.db),
                      redis://… or postgres://…
  --port N            the port to listen on (default 3000; 0 picks a free one)
  --host ADDRESS      the address to listen on (default 127.0.0.1)
  --help, -h          this help`;

/** Parses the flags; a mistake is a DemoError that says how to fix it. */
export function parseWebArgs(argv: readonly string[]): WebArgs {
  let values: ReturnType<typeof parse>['values'];
  let positionals: string[];
  try {
    ({ values, positionals } = parse(argv));
  } catch (error) {
    const message = (error as Error).message.split('.')[0] ?? 'Invalid arguments';
    throw new DemoError(`${message}. Run with --help to see the flags.`);
  }
  if (positionals.length > 0) {
    throw new DemoError(
      `Unexpected argument "${positionals[0]}". Run with --help to see the flags.`,
    );
  }
  for (const name of ['provider', 'model', 'config', 'store', 'host'] as const) {
    if (values[name]?.trim() === '') throw new DemoError(`--${name} needs a value.`);
  }
  const port = values.port === undefined ? 3000 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new DemoError(`--port ${values.port}: give a port number from 0 to 65535.`);
  }
  return {
    ...(values.provider === undefined ? {} : { provider: values.provider }),
    ...(values.model === undefined ? {} : { model: values.model }),
    ...(values.config === undefined ? {} : { config: values.config }),
    ...(values.store === undefined ? {} : { store: values.store }),
    port,
    host: values.host ?? '127.0.0.1',
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
      store: { type: 'string' },
      port: { type: 'string' },
      host: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
