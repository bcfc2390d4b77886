#!/usr/bin/env node
// `npm run demo [-- flags]`: install if needed, build the demo and what it uses, run it.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrap } from './bootstrap.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
bootstrap();

const turbo = join(root, 'node_modules/.bin/turbo');
const build = spawnSync(
  turbo,
  ['run', 'build', '--filter=@colloquy/demo...', '--output-logs=errors-only', '--log-prefix=none'],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    shell: process.platform === 'win32',
  },
);
if (build.status !== 0) {
  console.error('[colloquy] building the demo failed; run `npm run build` to see why.');
  process.exit(build.status ?? 1);
}

// The demo handles Ctrl-C itself (abort the reply, or exit at the prompt); this wrapper must not die of it.
process.on('SIGINT', () => {});
const demo = spawnSync(
  process.execPath,
  [join(root, 'apps/demo/dist/cli.js'), ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exit(demo.status ?? 1);
