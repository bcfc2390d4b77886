import { defineConfig } from 'tsup';

export default defineConfig({
  // The worker is its own entry: synckit starts it by path, beside the main module.
  entry: { index: 'src/index.ts', 'bridge-worker': 'src/bridge-worker.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'es2022',
  platform: 'node',
  // CJS has no import.meta.url; the shim lets index.cjs find synckit and the worker.
  shims: true,
});
