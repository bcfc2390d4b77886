import type { StringAt } from '../json-event-shape';

/** A `StringAt` reading the value at a path of keys and indexes, for loose test events. */
export function stringAt(path: readonly (string | number)[]): StringAt {
  return (event) =>
    path.reduce<unknown>(
      (value, key) =>
        value !== null && typeof value === 'object'
          ? (value as Record<string | number, unknown>)[key]
          : undefined,
      event,
    );
}
