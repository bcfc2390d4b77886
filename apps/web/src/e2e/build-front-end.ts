import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The browser tests load the built front end: build it once before any test file starts, with
 * the workspace's pinned tsup run by this Node (no shell, no npx).
 */
export default function setup(): void {
  const webDir = join(dirname(fileURLToPath(import.meta.url)), '../..');
  const tsupPackage = createRequire(import.meta.url).resolve('tsup/package.json');
  execFileSync(process.execPath, [join(dirname(tsupPackage), 'dist/cli-default.js')], {
    cwd: webDir,
    stdio: 'pipe',
  });
}
