import { InvalidHistoryError } from '../errors/invalid-history-error';
import type { Content } from '../types/content';

/** Rule 1: every content has role `user` or `model` (and a parts array). */
export function validateHistory(history: readonly Content[]): void {
  if (!Array.isArray(history)) {
    throw new InvalidHistoryError({
      index: -1,
      message: 'Invalid history: expected an array of contents ({role, parts}).',
    });
  }
  for (let index = 0; index < history.length; index += 1) {
    const content = history[index] as Content | undefined;
    if (content === null || typeof content !== 'object') {
      throw new InvalidHistoryError({
        index,
        message: `Invalid history: content ${index} is ${content === null ? 'null' : typeof content}, not a {role, parts} object.`,
      });
    }
    if (content.role !== 'user' && content.role !== 'model') {
      throw new InvalidHistoryError({ index, role: content.role });
    }
    if (!Array.isArray(content.parts)) {
      throw new InvalidHistoryError({
        index,
        role: content.role,
        message: `Invalid history: content ${index} (role "${content.role}") has no parts array. Give it parts: [] or drop it.`,
      });
    }
  }
}
