import type { StreamEvent } from '../stream-log/stream-log';

/** Turns a turn's log events into the bytes of one wire protocol. */
export interface EventEncoder {
  /** Headers the protocol adds to the response. */
  headers: Record<string, string>;
  /** Written before the first event. */
  open(): string;
  encode(event: StreamEvent): string;
  /** A failure of the reader itself (not the turn's), after which the stream closes. */
  fail(error: { name: string; message: string }): string;
}

/**
 * Colloquy's SSE events: `id: <turn>.<n>`, `event: chunk | error | done`, the log's JSON as
 * `data` (JSON text has no raw line breaks, so one `data:` line holds it).
 */
export function colloquyEncoder(turn: number): EventEncoder {
  return {
    headers: {},
    open: () => '',
    encode: (e) => `id: ${turn}.${e.n}\nevent: ${e.event}\ndata: ${e.data}\n\n`,
    fail: (error) => `event: error\ndata: ${JSON.stringify(error)}\n\n`,
  };
}
