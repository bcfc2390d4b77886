import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/**
 * Where the suites leave their results: `packages/reliability/.artifacts/` (git-ignored).
 * Tests never write tracked files; `npm run docs:reliability` copies these into
 * `docs/reliability.md`.
 */
const ARTIFACTS_DIR = fileURLToPath(new URL('../../.artifacts/', import.meta.url));

/** Writes one generated section of the reliability report, as markdown, for the docs script. */
export function writeReportArtifact(section: string, markdown: string, dir = ARTIFACTS_DIR): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${dir}${section}.md`, `${markdown.trim()}\n`);
}
