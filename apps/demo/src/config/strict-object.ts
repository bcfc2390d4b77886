import * as v from 'valibot';

/**
 * A strict object whose errors say what to fix: an unknown key (a typo such as
 * `temprature`) lists the keys allowed there.
 */
export function strictObject<const TEntries extends v.ObjectEntries>(entries: TEntries) {
  const allowed = Object.keys(entries).join(', ');
  return v.strictObject(entries, (issue) =>
    issue.expected === 'never'
      ? `unknown key; allowed here: ${allowed}`
      : `expected an object, got ${issue.received}`,
  );
}
