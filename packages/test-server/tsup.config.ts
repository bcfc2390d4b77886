import { copyFile } from 'node:fs/promises';
import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', 'with-msw': 'src/with-msw.ts', cli: 'src/cli.ts' },
  // Private and node-only: ESM is all its consumers (tests, the demo, the benchmarks) need.
  format: ['esm'],
  dts: { entry: { index: 'src/index.ts', 'with-msw': 'src/with-msw.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  external: ['vitest', 'msw'],
  // The fake server thread's worker is plain JavaScript, loaded from beside the bundle.
  async onSuccess() {
    await copyFile('src/fake-server-thread-worker.mjs', 'dist/fake-server-thread-worker.mjs');
  },
});
