import type { MockTextTurn } from '@colloquy/provider-mock';
import { lastUserText, type NeutralRequest, trailingToolResults } from './neutral-request';

/**
 * What a fake answers when nothing is queued: an echo of the last user text, or, when the
 * last turn carries tool results, an acknowledgement. The same conversation gets the same
 * answer from every provider.
 */
export function defaultReply(request: NeutralRequest): MockTextTurn {
  const results = trailingToolResults(request);
  if (results > 0) {
    return { text: `Received ${results} tool result${results === 1 ? '' : 's'}.` };
  }
  return { text: `Echo: ${lastUserText(request)}` };
}
