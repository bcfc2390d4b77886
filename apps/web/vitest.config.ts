import { defineConfig } from 'vitest/config';
import { testConfig } from '../../vitest.base';

export default defineConfig(
  testConfig({
    // The browser tests load the built front end: build it once, before any test file starts.
    test: { globalSetup: ['src/e2e/build-front-end.ts'] },
  }),
);
