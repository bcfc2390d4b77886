import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    restoreMocks: true,
    // The end-to-end tests run the built CLI: build it once, before any test file starts.
    globalSetup: ['src/e2e/global-setup.ts'],
    // Child processes of the CLI: generous guards against a hang, not timing assertions.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
