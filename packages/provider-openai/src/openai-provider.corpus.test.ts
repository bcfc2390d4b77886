import type { FakeServerThread } from '@colloquy/test-server';
import { readCorpus, replayCorpusCase, startFakeServerThread } from '@colloquy/test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOpenAIAsyncModels, createOpenAIModels } from './openai-provider';

// The recorded-traffic corpus (src/__fixtures__/corpus, sources and licenses in its README):
// each recorded reply, served by test-server's fake on 127.0.0.1, goes through AsyncChat and
// the blocking Chat (the bridge's worker imports the built package), and the turn the chat
// records must be the one the recording calls for. Adding a recording adds a case.

const KEY = 'sk-corpus-0123456789abcdef';
const corpus = readCorpus(new URL('./__fixtures__/corpus/', import.meta.url));
const adapter = {
  model: 'gpt-4o-mini',
  createAsyncModels: (baseUrl: string) =>
    createOpenAIAsyncModels({ apiKey: KEY, baseUrl, maxRetries: 0 }),
  createModels: (baseUrl: string) => createOpenAIModels({ apiKey: KEY, baseUrl, maxRetries: 0 }),
};

let server: FakeServerThread;
beforeAll(async () => {
  server = await startFakeServerThread({ openai: { apiKey: KEY } });
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
] as const)('the OpenAI corpus through %s', (_label, kind) => {
  it('has recordings', () => {
    expect(corpus.length).toBeGreaterThan(0);
  });

  for (const entry of corpus) {
    it(`${entry.name} (${entry.mode})`, async () => {
      await server.enqueue('openai', ...entry.replies);
      const result = await replayCorpusCase(entry, adapter, kind, server.baseUrlFor('openai'));
      expect(result).toEqual({
        turn: entry.turn,
        ...(entry.error !== undefined && { error: entry.error }),
      });
      expect(await server.requests('openai')).toHaveLength(entry.replies.length);
    });
  }
});
