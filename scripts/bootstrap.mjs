#!/usr/bin/env node
// Makes `npm test` and `npm run demo` work on a machine that has only Node and npm:
// installs the workspace with pnpm (fetched through npx when it is not installed)
// unless node_modules is already up to date with the lockfile.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const PNPM = 'pnpm@10.34.8';
const root = join(dirname(fileURLToPath(import.meta.url)), '..');

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

export function needsInstall() {
  const installed = mtime(join(root, 'node_modules/.pnpm/lock.yaml'));
  if (installed === 0) return true;
  return mtime(join(root, 'pnpm-lock.yaml')) > installed;
}

export function pnpmCommand() {
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by npm and pnpm when they run a script.
  const execPath = process.env.npm_execpath ?? '';
  if (/pnpm/.test(execPath)) return { cmd: process.execPath, args: [execPath] };
  const probe = spawnSync('pnpm', ['--version'], {
    encoding: 'utf8',
    shell: process.platform === 'win32',
  });
  if (probe.status === 0 && probe.stdout.startsWith('10.')) return { cmd: 'pnpm', args: [] };
  return { cmd: 'npx', args: ['-y', PNPM] };
}

export function bootstrap() {
  if (!needsInstall()) return;
  const { cmd, args } = pnpmCommand();
  const frozen = existsSync(join(root, 'pnpm-lock.yaml')) ? ['--frozen-lockfile'] : [];
  console.error(`[colloquy] installing dependencies (${[cmd, ...args, 'install'].join(' ')})`);
  const result = spawnSync(cmd, [...args, 'install', ...frozen], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    shell: process.platform === 'win32',
  });
  if (result.status !== 0) {
    console.error('[colloquy] dependency install failed; see the output above.');
    process.exit(result.status ?? 1);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) bootstrap();
