import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // The async adapter runs wherever fetch does (browsers, edge): no node: imports of its own.
  platform: 'neutral',
  // createAnthropicModels hands import.meta.url to the worker bridge; the CJS build needs it shimmed.
  shims: true,
});
