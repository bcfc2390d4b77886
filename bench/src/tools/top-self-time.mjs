// Prints the functions with the most self time in a V8 .cpuprofile (from `node --cpu-prof`).
//   node src/tools/top-self-time.mjs <file.cpuprofile> [count] [--by-file]
import { readFileSync } from 'node:fs';

const [file, countArg, mode] = process.argv.slice(2);
if (!file) {
  console.error('usage: node src/tools/top-self-time.mjs <file.cpuprofile> [count] [--by-file]');
  process.exit(2);
}
const count = Number(countArg ?? 25);
const profile = JSON.parse(readFileSync(file, 'utf8'));

// Self time per node: each sample is attributed to one node; timeDeltas give its duration.
const selfUs = new Map();
const { samples, timeDeltas } = profile;
for (let i = 0; i < samples.length; i++) {
  const id = samples[i];
  const delta = timeDeltas[i + 1] ?? 0;
  selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
}

function shortUrl(url) {
  if (!url) return '';
  const m = url.match(
    /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)\/(.*)$/,
  );
  if (m) return `${m[1]}/${m[2]}`;
  const p = url.match(/packages\/(.*)$/);
  if (p) return p[1];
  return url.replace(/^file:\/\//, '').replace(/^.*\/bench\//, 'bench/');
}

const totals = new Map();
let total = 0;
for (const node of profile.nodes) {
  const us = selfUs.get(node.id) ?? 0;
  total += us;
  const f = node.callFrame;
  const where = shortUrl(f.url);
  const key =
    mode === '--by-file'
      ? where || `(${f.functionName || 'native'})`
      : `${f.functionName || '(anonymous)'}  ${where}${where ? `:${f.lineNumber + 1}` : ''}`;
  totals.set(key, (totals.get(key) ?? 0) + us);
}

const rows = [...totals].sort((a, b) => b[1] - a[1]).slice(0, count);
console.log(`total sampled: ${(total / 1000).toFixed(1)} ms`);
for (const [key, us] of rows) {
  console.log(
    `${(us / 1000).toFixed(1).padStart(9)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${key}`,
  );
}
