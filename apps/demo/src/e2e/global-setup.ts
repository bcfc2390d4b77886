import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const demoDir = join(dirname(fileURLToPath(import.meta.url)), '../..');

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (!entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The end-to-end tests run the built CLI, as a person would. Build it once, before any test
 * file starts (files run in parallel, and tsup empties dist/ first), when it is missing or
 * older than its sources.
 */
export default function setup(): void {
  const cli = join(demoDir, 'dist/cli.js');
  if (existsSync(cli) && statSync(cli).mtimeMs >= newestSource(join(demoDir, 'src'))) return;
  // The workspace's pinned tsup, run with this Node: no shell, no npx.
  const tsupPackage = createRequire(import.meta.url).resolve('tsup/package.json');
  const tsup = join(dirname(tsupPackage), 'dist/cli-default.js');
  execFileSync(process.execPath, [tsup], { cwd: demoDir, stdio: 'pipe' });
}
