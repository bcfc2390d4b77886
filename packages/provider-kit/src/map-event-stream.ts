import { closeUnstarted } from './close-unstarted';
import type { SseEvent } from './post-event-stream';

/** What an adapter's stream mapper offers `mapEventStream`. */
export interface EventMapper<T extends object> {
  /** Maps one event: no chunk (`undefined` or `[]`), one chunk, or several. Throws for an error event. */
  map(event: SseEvent): T | readonly T[] | undefined;
  /** At the end of the events: throws when the reply did not finish; may give last chunks. */
  // biome-ignore lint/suspicious/noConfusingVoidType: mappers whose finish() only checks return void.
  finish(): T | readonly T[] | undefined | void;
  /** True once the provider's terminator arrived: reading stops and the body is released. */
  readonly isDone?: boolean;
}

/**
 * The response chunks of one SSE stream, mapped as they are read: every adapter's stream.
 * A mapping error, the mapper's terminator, or the consumer's `break` (or `return()`, even
 * before the first chunk) closes the event stream, which cancels the HTTP body.
 */
export function mapEventStream<T extends object>(
  events: AsyncIterable<SseEvent>,
  mapper: EventMapper<T>,
): AsyncGenerator<T, void, undefined> {
  return closeUnstarted(mapEvents(events, mapper), () => events[Symbol.asyncIterator]().return?.());
}

async function* mapEvents<T extends object>(
  events: AsyncIterable<SseEvent>,
  mapper: EventMapper<T>,
): AsyncGenerator<T, void, undefined> {
  for await (const event of events) {
    for (const chunk of listOf(mapper.map(event))) yield chunk;
    // Nothing after the terminator matters: leaving the loop releases the connection.
    if (mapper.isDone === true) return;
  }
  for (const chunk of listOf(mapper.finish())) yield chunk;
}

// biome-ignore lint/suspicious/noConfusingVoidType: what finish() may return.
function listOf<T>(mapped: T | readonly T[] | undefined | void): readonly T[] {
  if (mapped === undefined) return [];
  return Array.isArray(mapped) ? mapped : [mapped as T];
}
