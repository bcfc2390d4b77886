import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // The async adapter runs in browsers and edge runtimes too: no node: imports of its own.
  platform: 'neutral',
  // createGeminiModels passes import.meta.url to the worker bridge; the CJS build needs it shimmed.
  shims: true,
});
