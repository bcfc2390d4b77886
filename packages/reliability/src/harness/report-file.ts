import {
  closeSync,
  existsSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeFileSync,
} from 'node:fs';
import { fileURLToPath } from 'node:url';

/** docs/reliability.md at the repository root. */
const REPORT_PATH = fileURLToPath(new URL('../../../../docs/reliability.md', import.meta.url));

const DEFAULT_INTRO = `# Reliability and security

(Intro missing: write it above the generated sections.)
`;

const startMarker = (section: string) =>
  `<!-- generated:${section}:start (written by packages/reliability; edit only outside the generated sections) -->`;
const endMarker = (section: string) => `<!-- generated:${section}:end -->`;

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Test files run in parallel processes: one writer at a time. Bounded, never hangs. */
function withLock<T>(path: string, body: () => T): T {
  const lock = `${path}.lock`;
  for (let attempt = 0; attempt < 400; attempt++) {
    try {
      closeSync(openSync(lock, 'wx'));
      try {
        return body();
      } finally {
        unlinkSync(lock);
      }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run is taken over after a while.
      try {
        if (Date.now() - statSync(lock).mtimeMs > 30_000) unlinkSync(lock);
      } catch {
        // Removed meanwhile by its owner.
      }
      sleepSync(25);
    }
  }
  throw new Error(`could not lock ${path}`);
}

/**
 * Replaces one generated section of the report (appending it if absent), keeping everything
 * else: the hand-written intro above, other sections, notes below.
 */
export function writeGeneratedSection(
  section: string,
  generated: string,
  path = REPORT_PATH,
): void {
  withLock(path, () => {
    const current = existsSync(path) ? readFileSync(path, 'utf8') : DEFAULT_INTRO;
    const block = `${startMarker(section)}\n\n${generated.trim()}\n\n${endMarker(section)}`;
    const start = current.indexOf(startMarker(section));
    const end = current.indexOf(endMarker(section));
    const next =
      start >= 0 && end > start
        ? current.slice(0, start) + block + current.slice(end + endMarker(section).length)
        : `${current.trimEnd()}\n\n${block}\n`;
    writeFileSync(path, next);
  });
}
