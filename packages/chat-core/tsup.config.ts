import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

// Both entries must import cleanly in browsers and edge runtimes (platform: neutral).
// `spec` is the seam for adapter authors (see the README). Split for CJS too, so the two
// entries share one copy of each class (errors, GenerateContentResponse) in either format.
export default defineConfig(
  libraryConfig({ entry: { index: 'src/index.ts', spec: 'src/spec.ts' }, splitting: true }),
);
