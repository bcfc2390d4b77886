import { defineConfig } from 'vitest/config';

// Collects only the broken-adapter fixture, which the package's own run leaves out.
export default defineConfig({
  test: {
    root: new URL('../..', import.meta.url).pathname,
    include: ['src/__fixtures__/*.fixture.ts'],
  },
});
