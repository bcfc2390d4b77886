import { ApiError, type ApiErrorOptions } from './api-error';

/** HTTP 5xx (and Anthropic's 529 overloaded): the provider failed; retrying later may work. */
export class ServerError extends ApiError {
  static override readonly marker: string = 'colloquy.error.ServerError';

  constructor(options: Omit<ApiErrorOptions, 'status'> & { status?: number }) {
    super(
      { ...options, status: options.status ?? 500 },
      'The provider failed; retry later or raise maxRetries.',
    );
  }
}
