/**
 * Provider settings of the fault matrix: small deadlines and a small cap on the wait between
 * attempts (`maxRetryDelay` also shortens the kit's exponential backoff), so each case takes
 * milliseconds. A `Retry-After` above the cap is refused at once, by design.
 */
export const MATRIX_SETTINGS = {
  timeout: 300,
  idleTimeout: 300,
  maxRetries: 1,
  maxRetryDelay: 20,
  maxResponseBytes: 64 * 1024,
} as const;
