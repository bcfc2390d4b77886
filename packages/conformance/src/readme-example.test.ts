import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The README's third-party example is src/__examples__/, which runs with the package's tests;
// this keeps the README's copy the same as the code that runs.
const read = (path: string) => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('README example', () => {
  const readme = read('../README.md');

  it.each([
    './__examples__/acme-harness.ts',
    './__examples__/acme.conformance.test.ts',
    './store/memory.store-conformance.test.ts',
  ])('quotes %s verbatim', (path) => {
    expect(readme).toContain(read(path).trim());
  });
});
