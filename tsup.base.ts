import type { Options } from 'tsup';

/**
 * What every published package builds: ESM + CJS with .d.ts/.d.cts from src/index.ts (and
 * src/internal.ts for packages with an `./internal` subpath), source maps, ES2022, and no
 * Node built-ins unless a package says otherwise.
 */
export function libraryConfig(overrides: Options = {}): Options {
  return {
    entry: { index: 'src/index.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    platform: 'neutral',
    ...overrides,
  };
}
