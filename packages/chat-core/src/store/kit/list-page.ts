import { ColloquyError } from '../../errors/colloquy-error';
import type { SessionHead } from '../session-head';
import type { SessionList } from '../session-store';

/**
 * One page of `list`, from the rows a store read in session-id order (up to `limit + 1`, or
 * `limit` and whether there are `more`). A session that does not decode is left out
 * (loading it names it). The cursor is the last id on the page: the next page starts after it.
 */
export function listPage<R extends { id: string }>(
  rows: R[],
  limit: number,
  decode: (row: R) => SessionHead,
  more = rows.length > limit,
): SessionList {
  const page = rows.slice(0, limit);
  const sessions: SessionHead[] = [];
  for (const row of page) {
    try {
      sessions.push(decode(row));
    } catch (error) {
      if (!ColloquyError.isInstance(error)) throw error;
    }
  }
  const last = page[page.length - 1];
  return more && last ? { sessions, cursor: last.id } : { sessions };
}
