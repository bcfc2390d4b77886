// The benchmark runner: `pnpm bench` (full) or `pnpm bench:quick` (CI smoke test).
//
//   node src/run.mjs [--quick] [--only bookkeeping,streaming,...]
//
// Starts the bench server once, runs every scenario in a fresh `node --expose-gc` process
// against it, and writes results/latest.{json,md} (quick mode: results/quick.{json,md}, which
// are git-ignored). Exits non-zero if any scenario crashed; the numbers themselves are never
// asserted.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { startServer } from './lib/sse-server.mjs';
import { renderMarkdown } from './report.mjs';

const benchDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const rootDir = join(benchDir, '..');
const ALL = [
  'weight',
  'bookkeeping',
  'memory',
  'ttfc',
  'streaming',
  'sync-bridge',
  'stores',
  'server-load',
];
const PACKAGES = [
  'chat-core',
  'provider-kit',
  'sync-bridge',
  'provider-mock',
  'provider-gemini',
  'provider-openai',
  'provider-anthropic',
  'store-sqlite',
  'store-redis',
  'store-postgres',
  'server',
];

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
  },
});
const quick = values.quick;
const selected = values.only ? values.only.split(',') : ALL;
for (const name of selected) {
  if (!ALL.includes(name)) {
    console.error(`Unknown scenario ${name}; choose from ${ALL.join(', ')}.`);
    process.exit(2);
  }
}

/** `pnpm bench` builds through turbo first; run directly, build what is missing, in order. */
function ensureBuilt() {
  const tsup = join(rootDir, 'node_modules', '.bin', 'tsup');
  for (const name of PACKAGES) {
    const dir = join(rootDir, 'packages', name);
    if (existsSync(join(dir, 'dist', 'index.js'))) continue;
    console.error(`[bench] ${name} has no dist; building it with tsup`);
    const result = spawnSync(tsup, [], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`building ${name} failed`);
  }
}

function git(args) {
  try {
    return execFileSync('git', args, { cwd: rootDir, encoding: 'utf8' }).trim();
  } catch {
    return '';
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    node: process.version,
    platform: `${os.type()} ${os.release()}`,
    arch: process.arch,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: os.totalmem() / 1024 ** 3,
    loadStart: os.loadavg()[0],
    date: new Date().toISOString(),
    commit: git(['rev-parse', '--short', 'HEAD']) || 'unknown',
    dirty: git(['status', '--porcelain', '--untracked-files=no']) !== '',
    quick,
  };
}

function runScenario(name, serverUrl, outFile) {
  const args = ['--expose-gc', join(benchDir, 'src', 'scenario.mjs'), name, '--out', outFile];
  args.push('--server', serverUrl);
  if (quick) args.push('--quick');
  return new Promise((resolve) => {
    let stderr = '';
    const child = spawn(process.execPath, args, {
      cwd: benchDir,
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      process.stderr.write(chunk);
    });
    child.on('exit', (code, signal) => {
      if (code === 0 && existsSync(outFile)) {
        resolve(JSON.parse(readFileSync(outFile, 'utf8')));
      } else {
        const why = signal ? `killed by ${signal}` : `exit code ${code}`;
        resolve({ name, error: `${why}\n${stderr.trim().split('\n').slice(-15).join('\n')}` });
      }
    });
  });
}

const started = Date.now();
ensureBuilt();
const info = machine();
const resultsDir = join(benchDir, 'results');
mkdirSync(resultsDir, { recursive: true });
const server = await startServer();
const scenarios = [];
try {
  for (const name of selected) {
    const outFile = join(resultsDir, `${name}.json.tmp`);
    rmSync(outFile, { force: true });
    console.error(`[bench] ${name}${quick ? ' (quick)' : ''}...`);
    const t = Date.now();
    const result = await runScenario(name, server.url, outFile);
    rmSync(outFile, { force: true });
    console.error(
      `[bench] ${name}: ${result.error ? 'CRASHED' : 'done'} in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    scenarios.push(result);
  }
} finally {
  await server.close();
}
info.loadEnd = os.loadavg()[0];
info.seconds = (Date.now() - started) / 1000;

const report = { machine: info, scenarios };
const base = quick ? 'quick' : 'latest';
writeFileSync(join(resultsDir, `${base}.json`), `${JSON.stringify(report, null, 2)}\n`);
const markdown = renderMarkdown(report);
writeFileSync(join(resultsDir, `${base}.md`), markdown);

const failed = scenarios.filter((s) => s.error);
const lines = [];
for (const s of scenarios) {
  for (const t of s.targets ?? []) {
    lines.push(
      `${t.met === undefined ? 'info  ' : t.met ? 'met   ' : 'MISSED'}  ${s.name}: ${t.label}: ${t.value} ${t.unit} (${t.target})`,
    );
  }
}
console.log(lines.join('\n'));
console.log(
  `\n[bench] wrote results/${base}.json and results/${base}.md in ${info.seconds.toFixed(1)} s` +
    (failed.length ? `; CRASHED: ${failed.map((s) => s.name).join(', ')}` : ''),
);
process.exit(failed.length > 0 ? 1 : 0);
