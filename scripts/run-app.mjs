// What `npm run demo` and `npm run web` share: install if needed, build the app and what it
// uses, then run its entry with the arguments after `--`, and exit with its status.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrap } from './bootstrap.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/** `pkg`: the workspace package to build; `entry`: its built file, relative to the root. */
export function runApp({ pkg, entry, label }) {
  bootstrap();
  const turbo = join(root, 'node_modules/.bin/turbo');
  const build = spawnSync(
    turbo,
    ['run', 'build', `--filter=${pkg}...`, '--output-logs=errors-only', '--log-prefix=none'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' },
      shell: process.platform === 'win32',
    },
  );
  if (build.status !== 0) {
    console.error(`[colloquy] building ${label} failed; run \`npm run build\` to see why.`);
    process.exit(build.status ?? 1);
  }
  // The app handles Ctrl-C itself (the demo aborts a reply or exits; the web server closes
  // its store): this wrapper must not die of it, and waits for the app instead.
  process.on('SIGINT', () => {});
  const app = spawnSync(process.execPath, [join(root, entry), ...process.argv.slice(2)], {
    stdio: 'inherit',
  });
  process.exit(app.status ?? 1);
}
