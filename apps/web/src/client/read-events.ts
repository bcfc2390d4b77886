import { EventSourceParserStream } from 'eventsource-parser/stream';

/** One event of a turn's stream: `id` is `<turn>.<n>`. */
export interface TurnEvent {
  id: string;
  event: 'chunk' | 'error' | 'done';
  data: unknown;
}

/**
 * The events of an SSE response body, one by one. (`EventSource` cannot POST nor set
 * `Last-Event-ID` on its first request, so the page reads the body of a `fetch`.)
 */
export async function* readEvents(body: ReadableStream<Uint8Array>): AsyncGenerator<TurnEvent> {
  // DOM's types give TextDecoderStream a BufferSource input, which a byte stream's pipe refuses.
  const decoder = new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>;
  const reader = body.pipeThrough(decoder).pipeThrough(new EventSourceParserStream()).getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      const event = value.event as TurnEvent['event'] | undefined;
      if (event === 'chunk' || event === 'error' || event === 'done') {
        yield { id: value.id ?? '', event, data: JSON.parse(value.data) };
      }
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
