import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

// The async adapter runs in browsers and edge runtimes too (platform: neutral). The sync
// twin hands import.meta.url to the worker bridge, so the CJS build needs it shimmed.
export default defineConfig(
  libraryConfig({ entry: { index: 'src/index.ts', internal: 'src/internal.ts' }, shims: true }),
);
