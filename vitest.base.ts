import { mergeConfig, type ViteUserConfig } from 'vitest/config';

/**
 * What every package's tests share: tests beside the code, mocks restored after each test,
 * and a 30 s timeout. A timeout here is a hang detector, not a speed check: CI runs every
 * package's tests at once on 2 cores, where vitest's default 5 s measured the machine's load
 * (a child process starting, a 200-run property test) rather than a hang.
 */
export function testConfig(overrides: ViteUserConfig = {}): ViteUserConfig {
  const base: ViteUserConfig = {
    test: {
      include: ['src/**/*.test.ts'],
      restoreMocks: true,
      testTimeout: 30_000,
      hookTimeout: 30_000,
    },
  };
  return mergeConfig(base, overrides);
}
