import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// chat-core must import cleanly in browsers and edge runtimes: no Node built-ins, no
// dependencies, nothing beyond standard globals in the built entry.
describe('the published core entry', () => {
  const dist = join(import.meta.dirname, '..', 'dist');
  it.each(['index.js', 'index.cjs'])('%s imports nothing', (file) => {
    const code = readFileSync(join(dist, file), 'utf8');
    expect(code).not.toMatch(/\bfrom\s+['"]/);
    expect(code).not.toMatch(/\brequire\(\s*['"]/);
    expect(code).not.toMatch(/\bprocess\./);
  });

  it('has no runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});
