import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2022',
  // The async models run in browsers and edge runtimes too: no node: imports here.
  platform: 'neutral',
  // createOpenAIModels passes import.meta.url to the bridge; the CJS build needs it shimmed.
  shims: true,
});
