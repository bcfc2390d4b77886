import { ColloquyError } from './colloquy-error';

/** `sendMessage` was given something that is not a message (a number, an empty list, ...). */
export class InvalidMessageError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.InvalidMessageError';

  constructor({ message, cause }: { message: string; cause?: unknown }) {
    super({ message, cause });
  }
}
