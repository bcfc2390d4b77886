import { ApiError, type ApiErrorOptions } from './api-error';

/** HTTP 404: usually a misspelt model name or a wrong `baseUrl`. */
export class NotFoundError extends ApiError {
  static override readonly marker: string = 'colloquy.error.NotFoundError';

  constructor(options: Omit<ApiErrorOptions, 'status'> & { status?: number }) {
    super(
      { ...options, status: options.status ?? 404 },
      'Check the model name and the baseUrl option.',
    );
  }
}
