import type { Content, Part, UsageMetadata } from '@colloquy/chat-core';

/**
 * How many times one send continues a turn Anthropic paused (`stop_reason: 'pause_turn'`, a
 * long server-tool turn). A turn still paused after that is not finished: a stream ends
 * without a finish reason (the chat records it as invalid), a whole reply fails.
 */
export const MAX_PAUSE_CONTINUATIONS = 5;

function isPlainText(part: Part): boolean {
  return (
    typeof part.text === 'string' && part.thought !== true && part.providerOptions === undefined
  );
}

/**
 * The paused reply so far as the model turn to send back, so that Anthropic continues it.
 * Streamed text comes one part per delta: adjacent text is joined into one part, ending at a
 * part with citations (which belong to the text before them), so the blocks go back whole.
 */
export function pausedTurn(parts: readonly Part[]): Content {
  const joined: Part[] = [];
  for (const part of parts) {
    const previous = joined[joined.length - 1];
    if (
      previous !== undefined &&
      isPlainText(previous) &&
      isPlainText(part) &&
      previous.citations === undefined &&
      previous.thoughtSignature === undefined
    ) {
      const merged: Part = { text: `${previous.text}${part.text}` };
      if (part.citations !== undefined) merged.citations = part.citations;
      joined[joined.length - 1] = merged;
    } else joined.push(part);
  }
  return { role: 'model', parts: joined };
}

/** Token counts of two requests added up: each continuation of a paused turn is billed. */
export function addUsage(
  a: UsageMetadata | undefined,
  b: UsageMetadata | undefined,
): UsageMetadata | undefined {
  if (a === undefined || b === undefined) return a ?? b;
  const sum: UsageMetadata = { ...b };
  for (const [key, value] of Object.entries(a)) {
    const other = sum[key];
    if (typeof value === 'number' && typeof other === 'number') sum[key] = value + other;
  }
  return sum;
}
