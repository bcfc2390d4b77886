// Re-renders results/<name>.md from results/<name>.json (after a change to report.mjs).
//   node src/render.mjs [latest|quick]
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderMarkdown } from './report.mjs';

const name = process.argv[2] ?? 'latest';
const dir = fileURLToPath(new URL('../results/', import.meta.url));
const report = JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8'));
writeFileSync(join(dir, `${name}.md`), renderMarkdown(report));
console.log(`wrote results/${name}.md`);
