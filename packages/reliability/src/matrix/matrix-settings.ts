/**
 * Provider settings of the fault matrix: short deadlines and a small cap on the wait between
 * attempts (`maxRetryDelay` also shortens the kit's exponential backoff), so each case is
 * quick. The deadlines still leave a second for a first event: at 300 ms a loaded CI machine
 * (browser tests beside this suite) timed out a healthy first attempt, whose retry then got
 * another reply. A `Retry-After` above the cap is refused at once, by design.
 */
export const MATRIX_SETTINGS = {
  timeout: 1_000,
  idleTimeout: 1_000,
  maxRetries: 1,
  maxRetryDelay: 20,
  maxResponseBytes: 64 * 1024,
} as const;
