// Key names that hold credentials, compared lower-case without '-' and '_'.
const SECRET_NAME =
  /apikey|secret|password|passwd|accesstoken|authtoken|bearer|authorization|cookie|credential/;
const SECRET_EXACT = new Set(['key', 'token', 'auth', 'headers', 'fetch']);

/** True for option names that may hold a credential: `apiKey`, `headers`, `x-api-key`... */
export function isSecretName(name: string): boolean {
  const normalized = name.toLowerCase().replace(/[-_]/g, '');
  return SECRET_EXACT.has(normalized) || SECRET_NAME.test(normalized);
}

// A URL can carry credentials too: in its user info, or in a `?key=` query.
function withoutUrlSecrets(value: string): string {
  if (!/^https?:\/\//i.test(value)) return value;
  try {
    const url = new URL(value);
    if (url.username === '' && url.password === '' && url.search === '') return value;
    url.username = '';
    url.password = '';
    url.search = '';
    return url.href;
  } catch {
    return value;
  }
}

/**
 * A deep copy of plain data without anything that may be a credential: keys named like one
 * (at any depth; headers as a whole, since auth headers have many names), and the user info
 * and query of URL settings (`baseUrl`). What a saved session file may hold.
 */
export function withoutSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => withoutSecrets(item)) as T;
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (isSecretName(key) || typeof item === 'function') continue;
    out[key] =
      typeof item === 'string' && /url|endpoint/i.test(key)
        ? withoutUrlSecrets(item)
        : withoutSecrets(item);
  }
  return out as T;
}
