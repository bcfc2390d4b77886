import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';
import { testConfig } from '../../vitest.base';

export default defineConfig(
  testConfig({
    resolve: {
      // The README's example imports the package by name, as an adapter author would.
      alias: {
        '@colloquy/conformance': fileURLToPath(new URL('./src/index.ts', import.meta.url)),
      },
    },
  }),
);
