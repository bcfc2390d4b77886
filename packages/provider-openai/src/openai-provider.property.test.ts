import type { GenerateContentResponse } from '@colloquy/chat-core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sseBody } from './__fixtures__/fixtures';
import { createOpenAIAsyncModels } from './openai-provider';

/** A fetch answering with `bytes` as an event stream, delivered in pieces cut at `cuts`. */
function fetchInPieces(bytes: Uint8Array, cuts: number[]): typeof globalThis.fetch {
  return async () => {
    const bounds = [0, ...cuts, bytes.length];
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i + 1 < bounds.length; i++) {
          const piece = bytes.subarray(bounds[i], bounds[i + 1]);
          if (piece.length > 0) controller.enqueue(piece);
        }
        controller.close();
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
  };
}

async function streamed(fetch: typeof globalThis.fetch): Promise<unknown[]> {
  const models = createOpenAIAsyncModels({ apiKey: 'sk-test', fetch, maxRetries: 0 });
  const stream = await models.generateContentStream({
    model: 'gpt-4o-mini',
    contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
  });
  const chunks: GenerateContentResponse[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  // Plain data, so the comparison sees every field.
  return JSON.parse(JSON.stringify(chunks));
}

const bodies = ['openai-text', 'openai-tool-calls', 'openai-reasoning', 'openai-refusal'].flatMap(
  (name) => {
    const lf = sseBody(name);
    // CRLF line endings are allowed by the SSE spec and sent by some servers.
    return [lf, lf.replace(/\n/g, '\r\n')].map((text) => new TextEncoder().encode(text));
  },
);

describe('streaming through the provider (property)', () => {
  it('gives the same chunks however the byte stream is cut into network reads', async () => {
    const expected = await Promise.all(bodies.map((bytes) => streamed(fetchInPieces(bytes, []))));
    // The fixtures hold multi-byte characters (Bogotá), so some cuts fall inside one.
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: bodies.length - 1 }).chain((which) =>
          fc.tuple(
            fc.constant(which),
            fc.uniqueArray(fc.integer({ min: 1, max: (bodies[which] as Uint8Array).length - 1 }), {
              maxLength: 40,
            }),
          ),
        ),
        async ([which, cuts]) => {
          const bytes = bodies[which] as Uint8Array;
          const sorted = [...cuts].sort((a, b) => a - b);
          expect(await streamed(fetchInPieces(bytes, sorted))).toEqual(expected[which]);
        },
      ),
      { numRuns: 150 },
    );
    // The unsplit results are the right ones, not merely stable ones.
    expect(expected[0]).toHaveLength(4);
    expect(expected[1]).toEqual(expected[0]);
    expect(JSON.stringify(expected[3])).toContain('Bogotá, Colombia');
  });
});
