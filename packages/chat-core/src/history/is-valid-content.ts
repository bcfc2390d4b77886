import type { Content } from '../types/content';
import type { GenerateContentResponse } from '../types/generate-content-response';

/** Finish reasons that mean the reply was blocked rather than finished. */
const BLOCKED_FINISH_REASONS: ReadonlySet<string> = new Set([
  'SAFETY',
  'RECITATION',
  'BLOCKLIST',
  'PROHIBITED_CONTENT',
  'SPII',
]);

export function isBlockedFinishReason(reason: string | undefined): boolean {
  return reason !== undefined && BLOCKED_FINISH_REASONS.has(reason);
}

/**
 * Rule 2: a content is valid when it has at least one part and no part is empty (`{}`).
 * `{text: ''}` is a valid part. Matches `_validate_content` in google-genai's chats.py.
 */
export function isValidContent(content: Content | undefined): boolean {
  const parts = content?.parts;
  if (!parts || parts.length === 0) return false;
  for (const part of parts) {
    if (part === null || typeof part !== 'object') return false;
    // A part with no defined field is the empty part `{}`.
    let empty = true;
    for (const key in part) {
      if ((part as Record<string, unknown>)[key] !== undefined) {
        empty = false;
        break;
      }
    }
    if (empty) return false;
  }
  return true;
}

/** Rule 2: a response is valid when its first candidate has a valid content. */
export function isValidResponse(response: GenerateContentResponse): boolean {
  return isValidContent(response.candidates?.[0]?.content);
}
