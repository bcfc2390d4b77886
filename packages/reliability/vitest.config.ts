import { defineConfig } from 'vitest/config';
import { testConfig } from '../../vitest.base';

export default defineConfig(
  testConfig({
    test: {
      // Real sockets, worker threads and child processes: generous, since a hung case is the
      // bug being looked for and must fail rather than stall the run.
      testTimeout: 60_000,
      hookTimeout: 60_000,
      // Child processes per file: the load test needs --expose-gc, and a crash in one file
      // (a leaked socket, a stray rejection) must not take the others down.
      pool: 'forks',
      // One file at a time: the matrix's deadlines are 300 ms, and the load test or a child
      // process running beside it on a 2-core machine would turn CPU contention into spurious
      // timeouts.
      fileParallelism: false,
      execArgv: ['--expose-gc'],
    },
  }),
);
