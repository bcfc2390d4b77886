import { ApiError, type ApiErrorOptions } from './api-error';

/** HTTP 429: too many requests or tokens; retries were exhausted or not allowed. */
export class RateLimitError extends ApiError {
  static override readonly marker: string = 'colloquy.error.RateLimitError';
  /** How long the server asked us to wait before retrying, in milliseconds, when it said. */
  readonly retryAfterMs: number | undefined;

  constructor(
    options: Omit<ApiErrorOptions, 'status'> & { status?: number; retryAfterMs?: number },
  ) {
    const wait =
      options.retryAfterMs !== undefined
        ? `Wait ${Math.ceil(options.retryAfterMs / 1000)} s before retrying`
        : 'Wait before retrying';
    super(
      { ...options, status: options.status ?? 429 },
      `${wait}, or raise maxRetries; check the account's quota.`,
    );
    this.retryAfterMs = options.retryAfterMs;
  }
}
