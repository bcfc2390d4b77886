import type { SseEvent } from '@colloquy/provider-kit';

/**
 * Whether a stream event carries nothing for the caller yet: `message_start`, `ping`, and the
 * start of a text, thinking or tool-use block with nothing in it. provider-kit retries a
 * stream that fails after such events (`isPreamble`), since the caller has received nothing.
 */
export function isAnthropicPreamble(event: SseEvent): boolean {
  if (event.event === 'ping') return true;
  let value: unknown;
  try {
    value = JSON.parse(event.data);
  } catch {
    return false;
  }
  if (value === null || typeof value !== 'object') return false;
  const { type, content_block: block } = value as Record<string, unknown>;
  if (type === 'message_start' || type === 'ping') return true;
  if (type !== 'content_block_start' || block === null || typeof block !== 'object') return false;
  const { type: kind, text, thinking } = block as Record<string, unknown>;
  return (
    kind === 'tool_use' ||
    (kind === 'text' && text === '') ||
    (kind === 'thinking' && thinking === '')
  );
}
