import { ColloquyError } from './colloquy-error';

/** A history given to `create({history})` or restored from storage breaks the history rules. */
export class InvalidHistoryError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.InvalidHistoryError';
  /** Position of the offending content in the history. */
  readonly index: number;
  /** The offending role, when the role is what is wrong. */
  readonly role: unknown;

  constructor({ index, role, message }: { index: number; role?: unknown; message?: string }) {
    super({
      message:
        message ??
        `Invalid history: content ${index} has role ${JSON.stringify(role)}; a role must be "user" or "model". Fix or drop that content before creating the chat.`,
    });
    this.index = index;
    this.role = role;
  }
}
