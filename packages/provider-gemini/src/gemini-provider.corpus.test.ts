import { describeCorpusReplay } from '@colloquy/test-server';
import { createGeminiAsyncModels, createGeminiModels } from './gemini-provider';

// The recorded-traffic corpus (src/__fixtures__/corpus, sources and licenses in its README),
// replayed through AsyncChat and Chat: see test-server's describeCorpusReplay.
const KEY = 'corpus-key-0123456789';
describeCorpusReplay({
  provider: 'gemini',
  directory: new URL('./__fixtures__/corpus/', import.meta.url),
  apiKey: KEY,
  adapter: {
    model: 'gemini-2.5-flash',
    createAsyncModels: (baseUrl) =>
      createGeminiAsyncModels({ apiKey: KEY, baseUrl, maxRetries: 0 }),
    createModels: (baseUrl) => createGeminiModels({ apiKey: KEY, baseUrl, maxRetries: 0 }),
  },
});
