import { defineConfig } from 'tsup';
import { libraryConfig } from '../../tsup.base';

// Both entries must import cleanly in browsers and edge runtimes (platform: neutral).
// `spec` is the seam for adapter authors (see the README); `memory-store` the reference
// session store, kept off the root so apps that persist elsewhere do not carry it; `store-kit`
// the session logic and codecs every store shares, for store authors. Split for
// CJS too, so the entries share one copy of each class (errors, GenerateContentResponse).
export default defineConfig(
  libraryConfig({
    entry: {
      index: 'src/index.ts',
      spec: 'src/spec.ts',
      'memory-store': 'src/memory-store.ts',
      'store-kit': 'src/store-kit.ts',
    },
    splitting: true,
  }),
);
