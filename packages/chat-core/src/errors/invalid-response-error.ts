import { ColloquyError } from './colloquy-error';

/**
 * The provider answered with something we cannot read: malformed JSON, an HTML error page,
 * an empty body, a shape that fails validation, or a body beyond the size cap.
 */
export class InvalidResponseError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.InvalidResponseError';
  readonly provider: string | undefined;
  /** A short, scrubbed excerpt of what arrived. */
  readonly excerpt: string | undefined;

  constructor(options: { provider?: string; message?: string; excerpt?: string; cause?: unknown }) {
    const excerpt = options.excerpt ? ` Received: ${JSON.stringify(options.excerpt)}` : '';
    super({
      message:
        options.message ??
        `${options.provider ?? 'The provider'} sent a response that could not be read.${excerpt} Check the baseUrl option points at the provider's API; retry if it was transient.`,
      cause: options.cause,
    });
    this.provider = options.provider;
    this.excerpt = options.excerpt;
  }
}
