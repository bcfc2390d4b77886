import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // Adapters built on the kit run in browsers and edge runtimes too: no node: imports.
  platform: 'neutral',
});
