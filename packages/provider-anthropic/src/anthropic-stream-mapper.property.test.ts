import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readFixture } from './__fixtures__/fixtures';
import { createAnthropicAsyncModels } from './anthropic-provider';

const FIXTURES = [
  'anthropic-text.chunks.txt',
  'anthropic-tool-use.chunks.txt',
  'anthropic-thinking.chunks.txt',
  'anthropic-refusal.chunks.txt',
  'anthropic-empty.chunks.txt',
  'anthropic-error.chunks.txt',
  'anthropic-truncated.chunks.txt',
];

interface Outcome {
  chunks: unknown[];
  error?: string;
}

/** Streams `bytes` through the whole adapter (kit SSE parsing included), cut at `cuts`. */
async function run(bytes: Uint8Array, cuts: number[]): Promise<Outcome> {
  const bounds = [...new Set(cuts)].sort((a, b) => a - b);
  const fetch = async () => {
    const pieces: Uint8Array[] = [];
    let start = 0;
    for (const end of [...bounds, bytes.length]) {
      if (end > start) pieces.push(bytes.slice(start, end));
      start = Math.max(start, end);
    }
    return new Response(
      new ReadableStream<Uint8Array>({
        pull(controller) {
          const piece = pieces.shift();
          if (piece) controller.enqueue(piece);
          else controller.close();
        },
      }),
      { headers: { 'content-type': 'text/event-stream' } },
    );
  };
  const models = createAnthropicAsyncModels({ apiKey: 'sk-ant-prop', fetch, maxRetries: 0 });
  const outcome: Outcome = { chunks: [] };
  try {
    const stream = await models.generateContentStream({
      model: 'claude-test',
      contents: [{ role: 'user', parts: [{ text: 'Hi' }] }],
    });
    for await (const chunk of stream) outcome.chunks.push(JSON.parse(JSON.stringify(chunk)));
  } catch (error) {
    outcome.error = `${(error as Error).name}: ${(error as Error).message}`;
  }
  return outcome;
}

describe('the Anthropic stream (property)', () => {
  it('gives the same chunks and errors however the bytes are cut, with LF or CRLF', async () => {
    const encoder = new TextEncoder();
    const baselines = new Map<string, Outcome>();
    for (const name of FIXTURES) {
      baselines.set(name, await run(encoder.encode(readFixture(name)), []));
    }
    // The baselines themselves are meaningful: content for good streams, errors for bad ones.
    expect(baselines.get('anthropic-thinking.chunks.txt')?.chunks.length).toBeGreaterThan(3);
    expect(baselines.get('anthropic-error.chunks.txt')?.error).toMatch(/^ServerError/);
    expect(baselines.get('anthropic-truncated.chunks.txt')?.error).toMatch(
      /^StreamInterruptedError/,
    );

    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...FIXTURES),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 40 }),
        async (name, crlf, rawCuts) => {
          const text = readFixture(name);
          const bytes = encoder.encode(crlf ? text.replace(/\n/g, '\r\n') : text);
          const cuts = rawCuts.map((cut) => cut % (bytes.length + 1));
          expect(await run(bytes, cuts)).toEqual(baselines.get(name));
        },
      ),
      { numRuns: 150 },
    );
  });

  it('gives the same result when every byte arrives on its own', async () => {
    const bytes = new TextEncoder().encode(readFixture('anthropic-thinking.chunks.txt'));
    const everyByte = Array.from({ length: bytes.length }, (_, index) => index);
    expect(await run(bytes, everyByte)).toEqual(await run(bytes, []));
  });
});
