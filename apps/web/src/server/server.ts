import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ColloquyError } from '@colloquy/chat-core';
import {
  createDemoTools,
  DEFAULT_STORE,
  DemoError,
  describeStore,
  openStore,
  resolveSettings,
} from '@colloquy/demo/settings';
import { loadAsyncModels } from '@colloquy/providers';
import { parseWebArgs, WEB_USAGE } from './parse-web-args';
import { startWebServer } from './start-web-server';

/** The web chat's entry (`npm run web`): same settings as the terminal demo, then serve. */
async function main(argv: string[]): Promise<number> {
  const args = parseWebArgs(argv);
  if (args.help) {
    console.log(WEB_USAGE);
    return 0;
  }
  const cwd = process.cwd();
  const settings = resolveSettings({ flags: args, env: process.env, cwd });
  const { provider, model, options } = settings.target;
  const models = await loadAsyncModels({ provider, model, options });
  const storeSpec = args.store ?? DEFAULT_STORE;
  const store = await openStore(storeSpec, cwd);
  const server = await startWebServer({
    models,
    store,
    model,
    // The web shows each tool step from the stored turn, so the tools report nothing here.
    config: { ...settings.config, tools: createDemoTools({ onRun: () => {} }) },
    publicDir: join(dirname(fileURLToPath(import.meta.url)), 'public'),
    port: args.port,
    host: args.host,
  });
  console.log(`Colloquy web chat on ${server.url}`);
  console.log(
    `${provider} / ${model} (${settings.source}${provider === 'mock' ? ', no key, no network' : ''}); conversations kept in ${describeStore(storeSpec)}. Ctrl-C stops.`,
  );
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    // A mistake the user can fix (a flag, the config, a missing key) is one line, no stack.
    const known = error instanceof DemoError || ColloquyError.isInstance(error);
    console.error(`✖ ${known ? (error as Error).message : `Unexpected error: ${String(error)}`}`);
    process.exit(known ? 2 : 1);
  },
);
