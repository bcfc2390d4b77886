#!/usr/bin/env node
// `npm run web [-- flags]`: install if needed, build the web chat and what it uses, serve it.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrap } from './bootstrap.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
bootstrap();

const turbo = join(root, 'node_modules/.bin/turbo');
const build = spawnSync(
  turbo,
  ['run', 'build', '--filter=@colloquy/web...', '--output-logs=errors-only', '--log-prefix=none'],
  {
    cwd: root,
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
    shell: process.platform === 'win32',
  },
);
if (build.status !== 0) {
  console.error('[colloquy] building the web chat failed; run `npm run build` to see why.');
  process.exit(build.status ?? 1);
}

// The server stops on Ctrl-C itself (closing the store); this wrapper waits for it to.
process.on('SIGINT', () => {});
const web = spawnSync(
  process.execPath,
  [join(root, 'apps/web/dist/server.js'), ...process.argv.slice(2)],
  { stdio: 'inherit' },
);
process.exit(web.status ?? 1);
