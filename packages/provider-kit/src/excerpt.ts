import { scrubSecrets } from './scrub-secrets';

/** Default length of an excerpt of what a server sent. */
export const EXCERPT_LENGTH = 200;

/** A short, scrubbed, single-line excerpt: enough to recognise a response, never all of it. */
export function excerptOf(
  text: string,
  secrets?: readonly string[],
  maxLength: number = EXCERPT_LENGTH,
): string {
  // Scrub before cutting so a key straddling the cut is still recognised.
  const flat = scrubSecrets(text.slice(0, maxLength * 4), secrets)
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
