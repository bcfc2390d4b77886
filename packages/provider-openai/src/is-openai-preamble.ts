import type { SseEvent } from '@colloquy/provider-kit';

type Loose = Record<string, unknown>;

const isEmpty = (value: unknown): boolean =>
  value === undefined ||
  value === null ||
  value === '' ||
  (Array.isArray(value) && value.length === 0);

function isEmptyChoice(choice: unknown): boolean {
  if (choice === null || typeof choice !== 'object') return false;
  const { delta, finish_reason } = choice as Loose;
  if (!isEmpty(finish_reason)) return false;
  if (delta === undefined || delta === null) return true;
  if (typeof delta !== 'object') return false;
  const d = delta as Loose;
  return (
    isEmpty(d.content) &&
    isEmpty(d.reasoning_content) &&
    isEmpty(d.reasoning) &&
    isEmpty(d.refusal) &&
    isEmpty(d.tool_calls) &&
    isEmpty(d.function_call)
  );
}

/**
 * Whether a stream event carries nothing for the caller yet: the role chunk that opens a reply
 * (`delta: {role: 'assistant', content: ''}`), or Azure's `prompt_filter_results` with no
 * choices. provider-kit retries a stream that fails after such events (`isPreamble`), since
 * the caller has received nothing. Anything the mapper acts on (text, reasoning, a refusal,
 * tool calls, a finish reason, usage, an error, `[DONE]`) is not a preamble.
 */
export function isOpenAIPreamble(event: SseEvent): boolean {
  if (event.event === 'error' || event.data === '[DONE]') return false;
  let chunk: unknown;
  try {
    chunk = JSON.parse(event.data);
  } catch {
    return false;
  }
  if (chunk === null || typeof chunk !== 'object' || Array.isArray(chunk)) return false;
  const { error, usage, choices, object } = chunk as Loose;
  if (!isEmpty(error) || !isEmpty(usage) || object === 'error') return false;
  if (choices === undefined || choices === null) return true;
  return Array.isArray(choices) && choices.every(isEmptyChoice);
}
