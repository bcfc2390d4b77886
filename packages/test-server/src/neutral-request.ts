/** One message of a request, reduced to what the fakes reason about. */
export interface NeutralMessage {
  role: 'system' | 'user' | 'assistant';
  /** The message's text parts joined with '\n'. */
  text: string;
  /** How many function calls the message carries (assistant turns). */
  toolCalls: number;
  /** How many tool results the message carries (OpenAI `tool` messages count as user turns). */
  toolResults: number;
}

/** A provider request in provider-independent form, kept in the request log. */
export interface NeutralRequest {
  model: string;
  stream: boolean;
  messages: NeutralMessage[];
  /** Names of the declared function tools. */
  toolNames: string[];
  hasToolResults: boolean;
  /** OpenAI `stream_options.include_usage`; false elsewhere. */
  includeUsage: boolean;
}

/** The text of the last user message that has text ('' if none). */
export function lastUserText(request: NeutralRequest): string {
  for (let index = request.messages.length - 1; index >= 0; index--) {
    const message = request.messages[index];
    if (message?.role === 'user' && message.text !== '') return message.text;
  }
  return '';
}

/** Tool results carried by the final turn (consecutive OpenAI `tool` messages form one turn). */
export function trailingToolResults(request: NeutralRequest): number {
  let count = 0;
  for (let index = request.messages.length - 1; index >= 0; index--) {
    const message = request.messages[index];
    if (message === undefined || message.role !== 'user' || message.toolResults === 0) break;
    count += message.toolResults;
    // A message mixing results and text ends the turn.
    if (message.text !== '') break;
  }
  return count;
}
