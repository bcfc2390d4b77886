import { defineConfig } from 'vitest/config';
import { testConfig } from '../../vitest.base';

export default defineConfig(
  testConfig({
    // The end-to-end tests run the built CLI: build it once, before any test file starts.
    test: { globalSetup: ['src/e2e/global-setup.ts'] },
  }),
);
