import { defineConfig } from 'tsup';

export default defineConfig({
  // Only the suite is published: the harnesses in src/__harness__ depend on the private
  // test server and are used by this package's own tests.
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'node',
  // vitest is a peer: the suite must register its cases with the caller's vitest instance.
  external: ['vitest'],
});
