import { ApiError, type ApiErrorOptions } from './api-error';

/** HTTP 403: the key is valid but may not use this model, region or feature. */
export class PermissionDeniedError extends ApiError {
  static override readonly marker: string = 'colloquy.error.PermissionDeniedError';

  constructor(options: Omit<ApiErrorOptions, 'status'> & { status?: number }) {
    super(
      { ...options, status: options.status ?? 403 },
      "Check that the key's project may use this model and that billing is set up.",
    );
  }
}
