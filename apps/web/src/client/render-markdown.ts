import DOMPurify from 'dompurify';
import { marked } from 'marked';

/**
 * Model output as HTML: Markdown by `marked`, then sanitised by DOMPurify, so a reply that
 * holds `<script>` or `<img onerror=…>` shows as inert markup. (The page's CSP forbids inline
 * scripts too; this keeps the reply safe even without it.)
 */
export function renderMarkdown(text: string): string {
  const html = marked.parse(text, { async: false, gfm: true, breaks: true });
  return DOMPurify.sanitize(html, { USE_PROFILES: { html: true } });
}
