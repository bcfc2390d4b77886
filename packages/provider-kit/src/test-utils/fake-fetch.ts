import type { RetryClock } from '../http-request';

/** What a fake fetch answers one call with: a Response, a thrown error, or a never-settling wait. */
export type FakeReply =
  | Response
  | Error
  | 'hang'
  | ((init: RequestInit) => Response | Promise<Response>);

export interface FakeFetch {
  fetch: typeof globalThis.fetch;
  calls: Array<{ url: string; init: RequestInit }>;
}

/**
 * A fetch that answers each call with the next reply in the list (the last one repeats; a
 * Response can be given only once, so repeat a function). A 'hang' reply waits until the
 * request's signal aborts, as a real fetch would.
 */
export function fakeFetch(...replies: FakeReply[]): FakeFetch {
  const calls: FakeFetch['calls'] = [];
  const used = new Set<Response>();
  const fetch = (async (input: string | URL | Request, init: RequestInit = {}) => {
    calls.push({ url: String(input), init });
    const reply = replies[Math.min(calls.length - 1, replies.length - 1)];
    if (reply === undefined) throw new Error('fakeFetch: no reply configured');
    if (reply === 'hang') {
      return new Promise<Response>((_, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
      });
    }
    if (reply instanceof Error) throw reply;
    if (typeof reply === 'function') return reply(init);
    if (used.has(reply)) throw new Error('fakeFetch: a Response reply was reused; use a function');
    used.add(reply);
    return reply;
  }) as typeof globalThis.fetch;
  return { fetch, calls };
}

export function jsonResponse(value: unknown, init: ResponseInit = {}): Response {
  return new Response(JSON.stringify(value), {
    ...init,
    headers: { 'content-type': 'application/json', ...(init.headers as Record<string, string>) },
  });
}

/** A body delivering these chunks (strings are UTF-8 encoded) then ending, or failing. */
export function chunkedBody(
  chunks: Array<string | Uint8Array>,
  options: { error?: Error; onCancel?: (reason: unknown) => void } = {},
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk !== undefined) {
        controller.enqueue(typeof chunk === 'string' ? encoder.encode(chunk) : chunk);
      } else if (options.error) controller.error(options.error);
      else controller.close();
    },
    cancel(reason) {
      options.onCancel?.(reason);
    },
  });
}

export function sseResponse(
  chunks: Array<string | Uint8Array>,
  options: {
    error?: Error;
    onCancel?: (reason: unknown) => void;
    headers?: Record<string, string>;
  } = {},
): Response {
  return new Response(chunkedBody(chunks, options), {
    headers: { 'content-type': 'text/event-stream', ...options.headers },
  });
}

/** A RetryClock that records each requested delay and does not wait. */
export function recordingClock(now = Date.parse('2030-01-01T00:00:00Z')): RetryClock & {
  delays: number[];
} {
  const delays: number[] = [];
  return {
    delays,
    sleep: async (ms, signal) => {
      delays.push(ms);
      if (signal?.aborted) throw signal.reason;
    },
    random: () => 0,
    now: () => now,
  };
}
