import { inspect } from 'node:util';
import { LEAK_MARKER } from './canary-keys';

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? '';
  } catch (error) {
    return `<JSON.stringify threw: ${String(error)}>`;
  }
}

/**
 * Every way an error (or any value) can be printed or logged, checked for the canary
 * marker: message, stack, `String()`, `JSON.stringify`, `util.inspect` (hidden fields
 * included), and the same for each error along the `cause` chain (and `errors` of an
 * AggregateError). Returns where the marker was found; empty means no leak.
 */
export function findLeaks(value: unknown, marker: string = LEAK_MARKER): string[] {
  const found: string[] = [];
  const seen = new Set<unknown>();
  const check = (where: string, text: unknown) => {
    if (typeof text === 'string' && text.includes(marker)) found.push(where);
  };
  const visit = (current: unknown, path: string, depth: number) => {
    if (depth > 20 || seen.has(current)) return;
    seen.add(current);
    check(`${path} String()`, String(current));
    check(`${path} JSON.stringify`, safeStringify(current));
    check(`${path} util.inspect`, inspect(current, { depth: 8, showHidden: true }));
    if (current instanceof Error || (typeof current === 'object' && current !== null)) {
      const record = current as { message?: unknown; stack?: unknown; cause?: unknown };
      check(`${path}.message`, record.message);
      check(`${path}.stack`, record.stack);
      if (record.cause !== undefined) visit(record.cause, `${path}.cause`, depth + 1);
      const errors = (current as { errors?: unknown }).errors;
      if (Array.isArray(errors)) {
        for (const [i, nested] of errors.entries())
          visit(nested, `${path}.errors[${i}]`, depth + 1);
      }
    }
  };
  visit(value, 'error', 0);
  return found;
}
