import type { FakeServerThread } from '@colloquy/test-server';
import { readCorpus, replayCorpusCase, startFakeServerThread } from '@colloquy/test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicAsyncModels, createAnthropicModels } from './anthropic-provider';

// The recorded-traffic corpus (src/__fixtures__/corpus, sources and licenses in its README):
// each recorded reply, served by test-server's fake on 127.0.0.1, goes through AsyncChat and
// the blocking Chat (the bridge's worker imports the built package), and the turn the chat
// records must be the one the recording calls for. Adding a recording adds a case.

const KEY = 'sk-ant-corpus-0123456789';
const corpus = readCorpus(new URL('./__fixtures__/corpus/', import.meta.url));
const adapter = {
  model: 'claude-opus-4-6',
  createAsyncModels: (baseUrl: string) =>
    createAnthropicAsyncModels({ apiKey: KEY, baseUrl, maxRetries: 0 }),
  createModels: (baseUrl: string) => createAnthropicModels({ apiKey: KEY, baseUrl, maxRetries: 0 }),
};

let server: FakeServerThread;
beforeAll(async () => {
  server = await startFakeServerThread({ anthropic: { apiKey: KEY } });
});
afterEach(async () => {
  await server.reset();
});
afterAll(async () => {
  await server?.close();
});

describe.each([
  ['AsyncChat', 'async'],
  ['Chat (sync bridge)', 'sync'],
] as const)('the Anthropic corpus through %s', (_label, kind) => {
  it('has recordings', () => {
    expect(corpus.length).toBeGreaterThan(0);
  });

  for (const entry of corpus) {
    it(`${entry.name} (${entry.mode})`, async () => {
      await server.enqueue('anthropic', ...entry.replies);
      const result = await replayCorpusCase(entry, adapter, kind, server.baseUrlFor('anthropic'));
      expect(result).toEqual({
        turn: entry.turn,
        ...(entry.error !== undefined && { error: entry.error }),
      });
      expect(await server.requests('anthropic')).toHaveLength(entry.replies.length);
    });
  }
});
