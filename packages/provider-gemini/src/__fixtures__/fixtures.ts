import { readFileSync } from 'node:fs';

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
