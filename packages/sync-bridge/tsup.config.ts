import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

export default defineConfig(
  libraryConfig({
    // The worker is its own entry: synckit starts it by path, beside the main module.
    entry: { index: 'src/index.ts', 'bridge-worker': 'src/bridge-worker.ts' },
    dts: { entry: { index: 'src/index.ts' } },
    platform: 'node',
    // CJS has no import.meta.url; the shim lets index.cjs find synckit and the worker.
    shims: true,
  }),
);
