import { defineConfig } from 'tsup';

export default defineConfig({
  // `settings`: the library entry the web chat runs on (`@colloquy/demo/settings`).
  entry: { cli: 'src/cli.ts', settings: 'src/settings.ts' },
  dts: { entry: { settings: 'src/settings.ts' } },
  format: ['esm'],
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // The bin runs as `colloquy-demo` straight from dist (a hashbang is harmless in settings.js).
  banner: { js: '#!/usr/bin/env node' },
});
