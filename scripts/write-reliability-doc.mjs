#!/usr/bin/env node
// `npm run docs:reliability`: runs the reliability suite, then copies the results it leaves in
// packages/reliability/.artifacts/ into the generated sections of docs/reliability.md.
// `-- --from-artifacts` skips the run and uses the artifacts of the last one.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootstrap } from './bootstrap.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const docPath = join(root, 'docs/reliability.md');
const artifacts = join(root, 'packages/reliability/.artifacts');
const env = { ...process.env, TURBO_TELEMETRY_DISABLED: '1', DO_NOT_TRACK: '1' };
const shell = process.platform === 'win32';

function run(cmd, args, cwd) {
  const result = spawnSync(cmd, args, { cwd, stdio: 'inherit', env, shell });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

if (!process.argv.includes('--from-artifacts')) {
  bootstrap();
  // The blocking models load the packages' builds in a worker thread.
  run(join(root, 'node_modules/.bin/turbo'), ['run', 'build', '--filter=./packages/*'], root);
  run(join(root, 'node_modules/.bin/vitest'), ['run'], join(root, 'packages/reliability'));
}

const start = /<!-- generated:([a-z-]+):start[^>]*-->/g;
let doc = readFileSync(docPath, 'utf8');
for (const [marker, section] of [...doc.matchAll(start)]) {
  const end = `<!-- generated:${section}:end -->`;
  const from = doc.indexOf(marker);
  const to = doc.indexOf(end, from);
  if (to < 0) throw new Error(`docs/reliability.md: '${section}' has no end marker`);
  const artifact = join(artifacts, `${section}.md`);
  if (!existsSync(artifact)) {
    console.error(`No ${artifact}: run the reliability suite first (npm run docs:reliability).`);
    process.exit(1);
  }
  const body = readFileSync(artifact, 'utf8').trim();
  doc = `${doc.slice(0, from)}${marker}\n\n${body}\n\n${doc.slice(to)}`;
}
writeFileSync(docPath, doc);
console.error(
  'docs/reliability.md: generated sections updated from packages/reliability/.artifacts',
);
