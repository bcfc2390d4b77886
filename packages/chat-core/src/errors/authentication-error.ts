import { ApiError, type ApiErrorOptions } from './api-error';

/** HTTP 401: the API key is missing, wrong or revoked. */
export class AuthenticationError extends ApiError {
  static override readonly marker: string = 'colloquy.error.AuthenticationError';

  constructor(options: Omit<ApiErrorOptions, 'status'> & { status?: number }) {
    super(
      { ...options, status: options.status ?? 401 },
      'Check the API key: the apiKey option or the provider environment variable.',
    );
  }
}
