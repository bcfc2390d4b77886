import { ColloquyError } from '@colloquy/chat-core';
import { DemoError } from '../demo-error';

/**
 * An error as one line a person can act on: the class and message of a Colloquy error
 * (whose messages say what happened and what to do), never a stack trace. `secrets` are
 * masked as a last line of defence; the adapters already scrub keys from their errors.
 */
export function describeError(error: unknown, secrets: readonly string[] = []): string {
  let line: string;
  if (ColloquyError.isInstance(error)) line = `${error.name}: ${error.message}`;
  else if (error instanceof DemoError) line = error.message;
  else if (error instanceof Error) line = `Unexpected error: ${error.message || error.name}`;
  else line = `Unexpected error: ${String(error)}`;
  line = line.replace(/\s*\n\s*/g, ' ').trim();
  for (const secret of secrets) {
    if (secret.length >= 4) line = line.replaceAll(secret, '[redacted]');
  }
  return line;
}
