import { readFileSync } from 'node:fs';
import type { SseEvent } from '@colloquy/provider-kit';

// Test-only helpers: fixtures are read from this folder, never shipped.
const here = new URL('./', import.meta.url);

/** A JSON response fixture, parsed. */
export function jsonFixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`${name}.json`, here), 'utf8'));
}

/** The `data` of each event of a `.chunks.txt` fixture: one event per line. */
function chunkLines(name: string): string[] {
  return readFileSync(new URL(`${name}.chunks.txt`, here), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '');
}

/** A `.chunks.txt` fixture as SSE events. */
export function sseEvents(name: string): SseEvent[] {
  return chunkLines(name).map((data) => ({ data }));
}

/** A `.chunks.txt` fixture as an SSE response body. */
export function sseBody(name: string): string {
  return chunkLines(name)
    .map((data) => `data: ${data}\n\n`)
    .join('');
}
