import type { Citation } from '@colloquy/chat-core';
import { isRecord } from '@colloquy/provider-kit';

/**
 * OpenAI's `url_citation` annotations (web search models) as citations of the message's text;
 * other annotation kinds are skipped. `undefined` when there are none.
 */
export function citationsOf(annotations: unknown): Citation[] | undefined {
  if (!Array.isArray(annotations)) return undefined;
  const citations: Citation[] = [];
  for (const annotation of annotations) {
    if (!isRecord(annotation) || annotation.type !== 'url_citation') continue;
    const source = annotation.url_citation;
    if (!isRecord(source)) continue;
    const citation: Citation = {};
    if (typeof source.url === 'string') citation.uri = source.url;
    if (typeof source.title === 'string') citation.title = source.title;
    if (typeof source.start_index === 'number') citation.startIndex = source.start_index;
    if (typeof source.end_index === 'number') citation.endIndex = source.end_index;
    citations.push(citation);
  }
  return citations.length > 0 ? citations : undefined;
}
