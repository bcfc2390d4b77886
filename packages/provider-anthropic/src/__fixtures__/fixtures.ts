import { readFileSync } from 'node:fs';
import type { SseEvent } from '@colloquy/provider-kit';

const FIXTURES = new URL('./', import.meta.url);

/** The text of a fixture file in `src/__fixtures__`. */
export function readFixture(name: string): string {
  return readFileSync(new URL(name, FIXTURES), 'utf8');
}

/** A JSON fixture, parsed. */
export function readJsonFixture(name: string): Record<string, unknown> {
  return JSON.parse(readFixture(name)) as Record<string, unknown>;
}

/**
 * The events of a `.chunks.txt` fixture. The fixtures are well-formed (LF, one `event:` and
 * one `data:` line per event), so a split on blank lines is enough here; the kit's real parser
 * is exercised by the provider tests.
 */
export function readSseFixture(name: string): SseEvent[] {
  const events: SseEvent[] = [];
  for (const block of readFixture(name).split('\n\n')) {
    if (block.trim() === '') continue;
    const event: SseEvent = { data: '' };
    for (const line of block.split('\n')) {
      if (line.startsWith('event: ')) event.event = line.slice('event: '.length);
      else if (line.startsWith('data: ')) event.data = line.slice('data: '.length);
    }
    events.push(event);
  }
  return events;
}
