const REDACTED = '[redacted]';

// Key-like material a server may echo back, even when it is not our own key.
// OpenAI (sk-, sk-proj-, masked sk-abc***xyz) and Anthropic (sk-ant-...) keys.
const SK_KEY = /\bsk-[A-Za-z0-9_*.-]{6,}/g;
// Google API keys.
const GOOGLE_KEY = /\bAIza[0-9A-Za-z_-]{10,}/g;
// Query parameters that carry credentials.
const CREDENTIAL_PARAM = /^(key|api[-_]?key|x-goog-api-key|access[-_]?token|token)$/i;

const KEY_PATTERNS: ReadonlyArray<[RegExp, string]> = [
  [SK_KEY, REDACTED],
  [GOOGLE_KEY, REDACTED],
  // Authorization header values.
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=*-]+/gi, `$1 ${REDACTED}`],
  // Query parameters and header or field echoes such as key=..., "x-api-key": "...".
  [
    /\b((?:x-goog-api-key|x-api-key|api[-_]?key|access[-_]?token|key|token)["']?\s*[:=]\s*["']?)[^\s"'&,;}]+/gi,
    `$1${REDACTED}`,
  ],
];

/**
 * Replace each secret, and key-like material (sk-..., sk-ant-..., AIza..., Bearer ..., key=...),
 * with '[redacted]'. Used on everything that may reach an error message.
 */
export function scrubSecrets(text: string, secrets?: readonly string[]): string {
  let out = text;
  if (secrets) {
    for (const secret of secrets) {
      // Very short strings would redact ordinary words; real keys are long.
      if (typeof secret !== 'string' || secret.length < 4) continue;
      out = out.split(secret).join(REDACTED);
      const encoded = encodeURIComponent(secret);
      if (encoded !== secret) out = out.split(encoded).join(REDACTED);
    }
  }
  for (const [pattern, replacement] of KEY_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/** Whether `text` holds a secret or key-like material. */
export function containsSecret(text: string, secrets?: readonly string[]): boolean {
  return scrubSecrets(text, secrets) !== text;
}

/**
 * Whether a URL carries a key: one of `secrets`, a key-shaped token, or a credential query
 * parameter (`?key=`, `api_key=`, `access_token=`...). Narrower than `containsSecret`, so a
 * model path such as `tunedModels/my-key:generateContent` is not mistaken for one.
 */
export function urlCarriesSecret(url: string, secrets?: readonly string[]): boolean {
  if (
    secrets?.some(
      (secret) =>
        secret.length >= 4 && (url.includes(secret) || url.includes(encodeURIComponent(secret))),
    )
  ) {
    return true;
  }
  SK_KEY.lastIndex = 0;
  GOOGLE_KEY.lastIndex = 0;
  if (SK_KEY.test(url) || GOOGLE_KEY.test(url)) return true;
  const query = url.indexOf('?');
  if (query === -1) return false;
  const params = new URLSearchParams(url.slice(query + 1).split('#')[0]);
  for (const [name, value] of params) if (CREDENTIAL_PARAM.test(name) && value !== '') return true;
  return false;
}
