import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { postEventStream, type SseEvent } from './post-event-stream';
import { fakeFetch, sseResponse } from './test-utils/fake-fetch';

interface Spec {
  event?: string;
  id?: string;
  lines: string[];
}

// Field values: any text without line breaks, including multibyte characters and colons.
const value = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[\r\n]/g, ''));
const name = fc.stringMatching(/^[a-z_]{1,10}$/);
const spec = fc.record(
  {
    event: name,
    id: fc.stringMatching(/^[0-9a-z]{1,6}$/),
    lines: fc.array(value, { minLength: 1, maxLength: 3 }),
  },
  { requiredKeys: ['lines'] },
);

function encode(specs: Spec[], eol: string, comments: boolean, finalBlank: boolean): Uint8Array {
  let text = '';
  specs.forEach((s, i) => {
    if (comments) text += `: comment ${i}${eol}`;
    if (s.event !== undefined) text += `event: ${s.event}${eol}`;
    if (s.id !== undefined) text += `id: ${s.id}${eol}`;
    for (const line of s.lines) text += `data: ${line}${eol}`;
    if (i < specs.length - 1 || finalBlank) text += eol;
  });
  return new TextEncoder().encode(text);
}

function expected(specs: Spec[]): SseEvent[] {
  return specs.map((s) => ({ event: s.event, id: s.id, data: s.lines.join('\n') }));
}

function cutAt(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let start = 0;
  for (const point of points) {
    if (point > start) chunks.push(bytes.slice(start, point));
    start = Math.max(start, point);
  }
  if (start < bytes.length) chunks.push(bytes.slice(start));
  return chunks;
}

describe('postEventStream (property)', () => {
  it('yields the same events however the byte stream is cut into network chunks', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(spec, { minLength: 1, maxLength: 6 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 40 }),
        async (specs, eol, comments, finalBlank, cuts) => {
          const bytes = encode(specs, eol, comments, finalBlank);
          const { fetch } = fakeFetch(sseResponse(cutAt(bytes, cuts)));
          const stream = await postEventStream({
            provider: 'p',
            url: 'https://api.example.test/stream',
            headers: {},
            body: {},
            settings: { fetch },
          });
          const got: SseEvent[] = [];
          for await (const event of stream)
            got.push({ event: event.event, id: event.id, data: event.data });
          expect(got).toEqual(expected(specs));
        },
      ),
      { numRuns: 300 },
    );
  });
});
