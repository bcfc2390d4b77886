import type { Content } from '../types/content';
import { isValidContent } from './is-valid-content';
import { validateHistory } from './validate-history';

/**
 * Rule 3: derives the curated history from a comprehensive one, as google-genai's
 * `_extract_curated_history` does. User turns are kept; a run of consecutive model turns
 * is kept if every one is valid, otherwise it is dropped together with the user turn
 * before it. Returns the same content objects (no copies).
 */
export function extractCuratedHistory(history: readonly Content[]): Content[] {
  validateHistory(history);
  const curated: Content[] = [];
  let i = 0;
  while (i < history.length) {
    const content = history[i] as Content;
    if (content.role === 'user') {
      curated.push(content);
      i += 1;
      continue;
    }
    const start = i;
    let valid = true;
    while (i < history.length && (history[i] as Content).role === 'model') {
      if (valid && !isValidContent(history[i])) valid = false;
      i += 1;
    }
    if (valid) {
      for (let j = start; j < i; j += 1) curated.push(history[j] as Content);
    } else if (curated.length > 0) {
      curated.pop();
    }
  }
  return curated;
}
