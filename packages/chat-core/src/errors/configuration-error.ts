import { ColloquyError } from './colloquy-error';

/**
 * The library is set up wrongly: a missing API key, an unknown provider, an async tool
 * handler in a blocking `Chat`, an option out of range. Fix the setup; retrying won't help.
 */
export class ConfigurationError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.ConfigurationError';
  /** The provider concerned, when there is one. */
  readonly provider: string | undefined;

  constructor({
    message,
    provider,
    cause,
  }: { message: string; provider?: string; cause?: unknown }) {
    super({ message, cause });
    this.provider = provider;
  }
}
