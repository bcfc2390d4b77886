import { ColloquyError } from './colloquy-error';

/** The caller aborted the request through `config.abortSignal`. Never retried. */
export class AbortError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.AbortError';
  readonly provider: string | undefined;

  constructor(options: { provider?: string; message?: string; cause?: unknown } = {}) {
    super({
      message: options.message ?? 'The request was aborted by its abort signal.',
      cause: options.cause,
    });
    this.provider = options.provider;
  }
}
