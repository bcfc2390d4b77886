#!/usr/bin/env node
// Fails when a root config file that the packages build, typecheck or lint with is missing from
// turbo.json's `globalDependencies`. Turbo hashes only a package's own files, so without the
// entry an edit to, say, tsconfig.base.json would replay cached (stale) build and test results.
// The files are found, not listed: every root file a package's tsconfig `extends` or its
// tsup/vitest config imports, plus the Biome config.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CONFIGS = ['tsup.config.ts', 'vitest.config.ts'];
const RELATIVE_IMPORT = /\bfrom\s*(['"])(\.{1,2}\/[^'"]*)\1/g;
// tsconfig.json is JSONC (comments allowed), so read `extends` with a pattern, not JSON.parse.
const EXTENDS = /"extends"\s*:\s*"(\.{1,2}\/[^"]*)"/;

function packageDirs() {
  const dirs = [join(root, 'bench')];
  for (const workspace of ['packages', 'apps']) {
    for (const name of readdirSync(join(root, workspace))) {
      const dir = join(root, workspace, name);
      if (statSync(dir).isDirectory()) dirs.push(dir);
    }
  }
  return dirs;
}

/** `../../tsup.base` names `tsup.base.ts`: resolve the extension as the bundler does. */
function withExtension(path) {
  if (existsSync(path) && statSync(path).isFile()) return path;
  for (const ext of ['.ts', '.mts', '.js', '.mjs', '.json']) {
    if (existsSync(path + ext)) return path + ext;
  }
  return path;
}

/** Root-level files (outside every package) that some package's tool config reads. */
export function sharedConfigFiles(dirs = packageDirs()) {
  const files = new Set(['biome.json']);
  const add = (path) => {
    const rel = relative(root, withExtension(path));
    if (!rel.startsWith('..') && !dirs.some((dir) => path.startsWith(dir + sep))) files.add(rel);
  };
  for (const dir of dirs) {
    const tsconfig = join(dir, 'tsconfig.json');
    if (existsSync(tsconfig)) {
      const extendsPath = EXTENDS.exec(readFileSync(tsconfig, 'utf8'))?.[1];
      if (extendsPath !== undefined) add(resolve(dir, extendsPath));
    }
    for (const config of CONFIGS) {
      const path = join(dir, config);
      if (!existsSync(path)) continue;
      for (const match of readFileSync(path, 'utf8').matchAll(RELATIVE_IMPORT)) {
        add(resolve(dir, match[2]));
      }
    }
  }
  return [...files].sort();
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const turbo = JSON.parse(readFileSync(join(root, 'turbo.json'), 'utf8'));
  const declared = new Set(turbo.globalDependencies ?? []);
  const missing = sharedConfigFiles().filter((file) => !declared.has(file));
  if (missing.length > 0) {
    console.error('Root config files missing from turbo.json globalDependencies (cached results');
    console.error('would survive a change to them):');
    for (const file of missing) console.error(`  ${file}`);
    process.exit(1);
  }
  console.log(`turbo inputs: ${declared.size} root config files invalidate the cache`);
}
