import type { Citation } from '@colloquy/chat-core';
import { isRecord } from '@colloquy/provider-kit';
import { ANTHROPIC_PROVIDER } from './anthropic-options';

/** One Anthropic citation (web search result, document location, ...) as a `Citation`. */
export function citationFromAnthropic(raw: Record<string, unknown>): Citation {
  const citation: Citation = {};
  if (typeof raw.url === 'string') citation.uri = raw.url;
  const title = raw.title ?? raw.document_title;
  if (typeof title === 'string') citation.title = title;
  if (typeof raw.cited_text === 'string') citation.citedText = raw.cited_text;
  // Kept whole: Anthropic wants its encrypted index back when the text is sent again.
  citation.providerCitation = { provider: ANTHROPIC_PROVIDER, data: raw };
  return citation;
}

/** A text block's `citations` as `Citation`s; `undefined` for none. */
export function citationsFromAnthropic(raw: unknown): Citation[] | undefined {
  if (!Array.isArray(raw)) return undefined;
  const citations = raw.filter(isRecord).map(citationFromAnthropic);
  return citations.length > 0 ? citations : undefined;
}

/** The citations Anthropic gave (others' are left out), for a text block sent back. */
export function anthropicCitationsOf(citations: Citation[] | undefined): unknown[] | undefined {
  if (citations === undefined) return undefined;
  const own: unknown[] = [];
  for (const citation of citations) {
    const raw = citation.providerCitation;
    if (raw?.provider === ANTHROPIC_PROVIDER && isRecord(raw.data)) own.push(raw.data);
  }
  return own.length > 0 ? own : undefined;
}
