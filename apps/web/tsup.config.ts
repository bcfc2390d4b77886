import { defineConfig } from 'tsup';

export default defineConfig([
  {
    // The server: `node dist/server.js` (`npm run web`), and the bin.
    entry: { server: 'src/server/server.ts' },
    format: ['esm'],
    sourcemap: true,
    target: 'node20',
    platform: 'node',
    banner: { js: '#!/usr/bin/env node' },
  },
  {
    // The front end: one module with its libraries in it, plus index.html and the styles.
    entry: { app: 'src/client/main.ts' },
    outDir: 'dist/public',
    publicDir: 'src/client/static',
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    noExternal: [/.*/],
    minify: true,
    sourcemap: true,
  },
]);
