import { scrubSecrets } from './scrub-secrets';

/** Default length of an excerpt of what a server sent. */
const EXCERPT_LENGTH = 200;

// A cut that keeps this much of a secret's start shows it; fewer characters say nothing.
const MIN_FRAGMENT = 4;
// A key-shaped token (see scrub-secrets) running into the end of a cut text.
const KEY_LIKE_TAIL = /\b(?:sk-|AIza)[0-9A-Za-z_*.-]*$/;

/**
 * `text` without a tail that is the start of a secret (or of its URL-encoded form), or of a
 * key-shaped token. A cut inside an echoed key leaves such a tail, which no longer matches
 * the whole key and survives scrubbing. The end of a whole text counts too: it may be a cut
 * made upstream (an error body read up to a limit, the start of a stream).
 */
export function withoutSecretTail(text: string, secrets?: readonly string[]): string {
  let out = text;
  for (let changed = true; changed; ) {
    changed = false;
    for (const secret of secrets ?? []) {
      if (typeof secret !== 'string' || secret.length < MIN_FRAGMENT) continue;
      for (const form of [secret, encodeURIComponent(secret)]) {
        for (let keep = Math.min(form.length - 1, out.length); keep >= MIN_FRAGMENT; keep--) {
          if (out.endsWith(form.slice(0, keep))) {
            out = out.slice(0, out.length - keep);
            changed = true;
            break;
          }
        }
      }
    }
  }
  return out.replace(KEY_LIKE_TAIL, '');
}

/** A short, scrubbed, single-line excerpt: enough to recognise a response, never all of it. */
export function excerptOf(
  text: string,
  secrets?: readonly string[],
  maxLength: number = EXCERPT_LENGTH,
): string {
  // Scrub the window, then drop what the cut left of a key at its end: whole keys read
  // [redacted], a fragment too short to be recognised is not shown at all.
  const flat = withoutSecretTail(scrubSecrets(text.slice(0, maxLength * 4), secrets), secrets)
    .replace(/\s+/g, ' ')
    .trim();
  return flat.length > maxLength ? `${flat.slice(0, maxLength - 1)}…` : flat;
}

/** The readable text of an HTML page (title and body text), as a short scrubbed excerpt. */
export function htmlExcerptOf(html: string, secrets?: readonly string[]): string {
  const text = html
    .slice(0, 64 * 1024)
    .replace(/<(script|style|head)\b[\s\S]*?<\/\1\s*>/gi, (match, tag: string) =>
      // Keep the title: it usually says what went wrong ("502 Bad Gateway").
      tag.toLowerCase() === 'head'
        ? ` ${/<title[^>]*>([\s\S]*?)<\/title>/i.exec(match)?.[1] ?? ''} `
        : ' ',
    )
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
  return excerptOf(text, secrets);
}

/** Whether a body looks like an HTML page rather than JSON. */
export function looksLikeHtml(contentType: string | null, text: string): boolean {
  if (contentType?.toLowerCase().includes('text/html')) return true;
  return /^\s*<(!doctype|html|head|body)\b/i.test(text);
}
