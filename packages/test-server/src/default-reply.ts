import { lastUserText, type NeutralRequest, trailingToolResults } from './neutral-request';
import type { TextReply } from './scripted-reply';

/**
 * What a fake answers when nothing is queued: an echo of the last user text, or, when the
 * last turn carries tool results, an acknowledgement. The same conversation gets the same
 * answer from every provider.
 */
export function defaultReply(request: NeutralRequest): TextReply {
  const results = trailingToolResults(request);
  if (results > 0) {
    return { text: `Received ${results} tool result${results === 1 ? '' : 's'}.` };
  }
  return { text: `Echo: ${lastUserText(request)}` };
}
