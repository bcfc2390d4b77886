import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// chat-core must import cleanly in browsers and edge runtimes: no Node built-ins, no
// dependencies, nothing beyond standard globals in the built entries (the root, `./spec` and
// `./memory-store` may share chunks of their own).
describe('the published core entries', () => {
  const dist = join(import.meta.dirname, '..', 'dist');
  const files = readdirSync(dist).filter((file) => /\.c?js$/.test(file));

  it('are built: index, spec and memory-store, ESM and CJS', () => {
    expect(files).toEqual(
      expect.arrayContaining(
        ['index', 'spec', 'memory-store'].flatMap((entry) => [`${entry}.js`, `${entry}.cjs`]),
      ),
    );
  });

  it.each(files)('%s imports nothing but its own chunks', (file) => {
    const code = readFileSync(join(dist, file), 'utf8');
    expect(code).not.toMatch(/\bfrom\s+['"](?!\.\/chunk-\w+\.js['"])/);
    expect(code).not.toMatch(/\bimport\(\s*['"]/);
    expect(code).not.toMatch(/\brequire\(\s*['"](?!\.\/chunk-\w+\.cjs['"])/);
    expect(code).not.toMatch(/\bprocess\./);
  });

  it('share one copy of each class: an error the codec rebuilds is an instance of the root class', async () => {
    // By path, so that type checking does not need the build.
    const require = createRequire(import.meta.url);
    for (const [root, spec] of [
      [await import(join(dist, 'index.js')), await import(join(dist, 'spec.js'))],
      [require(join(dist, 'index.cjs')), require(join(dist, 'spec.cjs'))],
    ]) {
      const sent = new root.RateLimitError({ message: 'slow down', provider: 'p', status: 429 });
      const error = spec.deserializeError(spec.serializeError(sent));
      expect(error).toBeInstanceOf(root.RateLimitError);
    }
  });

  it('has no runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8'));
    expect(pkg.dependencies ?? {}).toEqual({});
  });
});
