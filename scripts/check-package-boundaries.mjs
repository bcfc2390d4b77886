#!/usr/bin/env node
// Fails when a file imports another workspace package by relative path (`../../other/src/x`).
// Such an import tests or ships a copy of code its owner no longer vouches for: the stale
// Anthropic property test that failed one run in three was one. Import the package by name
// (its root, or its documented `./internal` subpath) or test the code in the package that owns it.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const WORKSPACES = ['packages', 'apps'];
const SOURCE = /\.(?:[cm]?[jt]sx?)$/;
const SKIP = new Set(['node_modules', 'dist', '.turbo', 'coverage']);
// `from '…'`, `import('…')`, `require('…')`, `import '…'` and `vi.mock('…')` specifiers.
const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|\bimport\s+|\bvi\.mock\s*\(\s*)(['"])(\.{1,2}\/[^'"]*)\1/g;

/** The workspace package folders: `packages/<name>`, `apps/<name>`, and `bench`. */
function packageRoots() {
  const roots = [join(root, 'bench')];
  for (const workspace of WORKSPACES) {
    const dir = join(root, workspace);
    for (const name of readdirSync(dir)) {
      if (statSync(join(dir, name)).isDirectory()) roots.push(join(dir, name));
    }
  }
  return roots;
}

function* sourceFiles(dir) {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (SOURCE.test(name)) yield path;
  }
}

function ownerOf(path, roots) {
  return roots.find((pkg) => path === pkg || path.startsWith(pkg + sep));
}

/** Every relative import in the workspace that lands in a package other than its own. */
export function findBoundaryViolations(roots = packageRoots()) {
  const violations = [];
  for (const pkg of roots) {
    for (const file of sourceFiles(pkg)) {
      const text = readFileSync(file, 'utf8');
      for (const match of text.matchAll(SPECIFIER)) {
        const target = resolve(dirname(file), match[2]);
        // Shared root config (tsup.base.ts) belongs to no package and may be imported.
        const owner = ownerOf(target, roots);
        if (owner === undefined || owner === pkg) continue;
        const line = text.slice(0, match.index).split('\n').length;
        violations.push(`${relative(root, file)}:${line} imports ${match[2]}`);
      }
    }
  }
  return violations;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const violations = findBoundaryViolations();
  if (violations.length > 0) {
    console.error('Relative imports that reach into another package (import it by name instead):');
    for (const violation of violations) console.error(`  ${violation}`);
    process.exit(1);
  }
  console.log('package boundaries: no relative import leaves its package');
}
