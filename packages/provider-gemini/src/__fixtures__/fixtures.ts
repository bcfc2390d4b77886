import { readFileSync } from 'node:fs';
import type { LoggedRequest, RecordedReply } from '@colloquy/test-server';

// Test-only helpers: fixtures are read from disk so they stay byte-for-byte what a server sends.

/** A JSON fixture: one whole `generateContent` reply. */
export function readFixtureJson(name: string): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')) as Record<
    string,
    unknown
  >;
}

/** A `.chunks.txt` fixture: one SSE event's data per line, as Gemini sends them. */
export function readFixtureEvents(name: string): string[] {
  return readFileSync(new URL(`./${name}`, import.meta.url), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** The events of a `.chunks.txt` fixture framed as an SSE body (Gemini ends events with CRLF). */
export function sseBodyOf(events: readonly string[]): string {
  return events.map((data) => `data: ${data}\r\n\r\n`).join('');
}

/** A recorded Gemini answer as test-server's reply: a stream as SSE events, else one JSON body. */
export function recordedGeminiReply(
  segments: readonly unknown[],
  { status = 200, stream }: { status?: number; stream: boolean },
): RecordedReply {
  return stream && status === 200
    ? {
        recorded: {
          contentType: 'text/event-stream',
          body: sseBodyOf(segments.map((segment) => JSON.stringify(segment))),
        },
      }
    : { recorded: { status, contentType: 'application/json', body: JSON.stringify(segments[0]) } };
}

/** The path and query a logged request went to (test-server redacts a key in the query). */
export function urlOf(request: LoggedRequest | undefined): string | undefined {
  if (request === undefined) return undefined;
  const query = new URLSearchParams(request.query).toString();
  return query === '' ? request.path : `${request.path}?${query}`;
}
