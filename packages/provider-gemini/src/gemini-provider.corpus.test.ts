import type { FakeServerThread } from '@colloquy/test-server';
import { readCorpus, replayCorpusCase, startFakeServerThread } from '@colloquy/test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createGeminiAsyncModels, createGeminiModels } from './gemini-provider';

// The recorded-traffic corpus (src/__fixtures__/corpus, sources and licenses in its README):
// each recorded reply, served by test-server's fake on 127.0.0.1, goes through AsyncChat and
// the blocking Chat (the bridge's worker imports the built package), and the turn the chat
// records must be the one the recording calls for. Adding a recording adds a case.

const KEY = 'corpus-key-0123456789';
const corpus = readCorpus(new URL('./__fixtures__/corpus/', import.meta.url));
const adapter = {
  model: 'gemini-2.5-flash',
  createAsyncModels: (baseUrl: string) =>
    createGeminiAsyncModels({ apiKey: KEY, baseUrl, maxRetries: 0 }),
  createModels: (baseUrl: string) => createGeminiModels({ apiKey: KEY, baseUrl, maxRetries: 0 }),
};

let server: FakeServerThread;
beforeAll(async () => {
  server = await startFakeServerThread({ gemini: { apiKey: KEY } });
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
] as const)('the Gemini corpus through %s', (_label, kind) => {
  it('has recordings', () => {
    expect(corpus.length).toBeGreaterThan(0);
  });

  for (const entry of corpus) {
    it(`${entry.name} (${entry.mode})`, async () => {
      await server.enqueue('gemini', ...entry.replies);
      const result = await replayCorpusCase(entry, adapter, kind, server.baseUrlFor('gemini'));
      expect(result).toEqual({
        turn: entry.turn,
        ...(entry.error !== undefined && { error: entry.error }),
      });
      expect(await server.requests('gemini')).toHaveLength(entry.replies.length);
    });
  }
});
