/**
 * Deep copy of JSON-like data (what contents hold), several times faster than
 * `structuredClone` for small objects and giving exact-size objects. Anything that is not
 * a plain object or array (a Date, a typed array) falls back to `structuredClone`.
 * A `"__proto__"` key (as `JSON.parse` can produce) is copied as an own property, never
 * used to set a prototype.
 */
export function copyData<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(copyData) as T;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return structuredClone(value);
  // Spread first: it gives an object of exactly the original's shape (an empty literal
  // filled key by key would get spare slots); then replace nested objects in place.
  const out: Record<string, unknown> = { ...(value as Record<string, unknown>) };
  for (const key of Object.keys(out)) {
    const item = out[key];
    if (item === null || typeof item !== 'object') continue;
    if (key === '__proto__') {
      Object.defineProperty(out, key, {
        value: copyData(item),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    } else {
      out[key] = copyData(item);
    }
  }
  return out as T;
}
