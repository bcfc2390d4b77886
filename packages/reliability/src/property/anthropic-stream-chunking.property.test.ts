import { readFileSync } from 'node:fs';
import type { GenerateContentResponse } from '@colloquy/chat-core';
import { createAnthropicAsyncModels } from '@colloquy/provider-anthropic';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { collectUnhandledRejections } from '../harness/unhandled-rejections';

// Gemini (gemini-provider.test.ts, "network chunking") and OpenAI
// (openai-provider.property.test.ts) test this in their packages; Anthropic did not.

const unhandled = collectUnhandledRejections();
afterAll(() => {
  expect(unhandled.reasons).toEqual([]);
});

const FIXTURES = new URL('../../../provider-anthropic/src/__fixtures__/', import.meta.url);

/** A recorded stream, with CRLF line ends and a 4-byte character put in, as bytes. */
function body(name: string): Uint8Array {
  const text = readFileSync(new URL(name, FIXTURES), 'utf8')
    .replace(/("text_delta",\s*"text":\s*")/g, '$1🌊 ')
    .replaceAll('\n', '\r\n');
  return new TextEncoder().encode(text);
}

/** The chunks the adapter makes of `pieces`, delivered as separate network reads. */
async function chunksOf(pieces: readonly Uint8Array[]): Promise<string[]> {
  const fetch: typeof globalThis.fetch = async () =>
    new Response(
      new ReadableStream<Uint8Array>({
        start(controller) {
          for (const piece of pieces) controller.enqueue(piece);
          controller.close();
        },
      }),
      { status: 200, headers: { 'content-type': 'text/event-stream' } },
    );
  const models = createAnthropicAsyncModels({
    apiKey: 'sk-ant-test-chunking',
    fetch,
    maxRetries: 0,
  });
  const stream = await models.generateContentStream({
    model: 'claude-test',
    contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
  });
  const out: string[] = [];
  for await (const chunk of stream as AsyncIterable<GenerateContentResponse>) {
    out.push(JSON.stringify(chunk));
  }
  return out;
}

describe('Anthropic stream mapping (property)', () => {
  it.each([
    'anthropic-text.chunks.txt',
    'anthropic-thinking.chunks.txt',
    'anthropic-tool-use.chunks.txt',
  ])('gives the same chunks however %s is cut into network reads', async (name) => {
    const bytes = body(name);
    const whole = await chunksOf([bytes]);
    expect(whole.length).toBeGreaterThan(1);
    expect(whole.join('')).toContain('🌊');
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 1, max: bytes.length - 1 }), { maxLength: 60 }),
        async (cuts) => {
          const bounds = [0, ...cuts.sort((a, b) => a - b), bytes.length];
          const pieces = bounds.slice(1).map((end, i) => bytes.subarray(bounds[i], end));
          expect(await chunksOf(pieces)).toEqual(whole);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('reads the tool-use stream one byte at a time', async () => {
    const bytes = body('anthropic-tool-use.chunks.txt');
    const pieces = Array.from(bytes, (_, i) => bytes.subarray(i, i + 1));
    expect(await chunksOf(pieces)).toEqual(await chunksOf([bytes]));
  });
});
