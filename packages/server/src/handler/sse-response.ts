import type { StreamEvent } from '../stream-log/stream-log';
import { describeError } from './describe-error';
import type { EventEncoder } from './event-encoder';

export interface SseResponseOptions {
  turn: number;
  events: AsyncIterable<StreamEvent>;
  encoder: EventEncoder;
  heartbeatMs: number;
  /** Aborted when the client goes away; must end `events`. */
  abort: AbortController;
  /** Called when the stream ends for any reason (frees the owner's stream slot); may repeat. */
  onClose(): void;
  onError(error: unknown): void;
}

/**
 * The SSE response of a turn's events. Only the reading stops when the client disconnects:
 * the turn runs on, in the log, for a later resume.
 */
export function sseResponse(options: SseResponseOptions): Response {
  const { encoder, abort } = options;
  const bytes = new TextEncoder();
  let closed = false;
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      const write = (text: string) => {
        if (!closed && text) controller.enqueue(bytes.encode(text));
      };
      heartbeat = setInterval(() => write(': keep-alive\n\n'), options.heartbeatMs);
      write(encoder.open());
      void (async () => {
        try {
          for await (const event of options.events) write(encoder.encode(event));
        } catch (error) {
          const described = describeError(error);
          if (described.unexpected) options.onError(error);
          write(encoder.fail({ name: described.name, message: described.message }));
        } finally {
          clearInterval(heartbeat);
          options.onClose();
          if (!closed) {
            closed = true;
            controller.close();
          }
        }
      })();
    },
    cancel() {
      closed = true;
      clearInterval(heartbeat);
      options.onClose();
      abort.abort();
    },
  });
  return new Response(body, {
    status: 200,
    headers: {
      'Content-Type': 'text/event-stream',
      'Cache-Control': 'no-cache, no-transform',
      'X-Accel-Buffering': 'no',
      'X-Colloquy-Turn': String(options.turn),
      ...encoder.headers,
    },
  });
}
