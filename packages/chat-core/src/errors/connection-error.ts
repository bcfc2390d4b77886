import { ColloquyError } from './colloquy-error';

/** The request never got an HTTP response: DNS, refused, reset, TLS. */
export class ConnectionError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.ConnectionError';
  readonly provider: string | undefined;

  constructor(options: { provider?: string; message?: string; cause?: unknown }) {
    const reason =
      options.cause instanceof Error && options.cause.message ? ` (${options.cause.message})` : '';
    super({
      message:
        options.message ??
        `Could not reach ${options.provider ?? 'the model provider'}${reason}. Check the network and the baseUrl option, then retry.`,
      cause: options.cause,
    });
    this.provider = options.provider;
  }
}
