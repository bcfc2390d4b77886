import { describeCorpusReplay } from '@colloquy/test-server';
import { createOpenAIAsyncModels, createOpenAIModels } from './openai-provider';

// The recorded-traffic corpus (src/__fixtures__/corpus, sources and licenses in its README),
// replayed through AsyncChat and Chat: see test-server's describeCorpusReplay.
const KEY = 'sk-corpus-0123456789abcdef';
describeCorpusReplay({
  provider: 'openai',
  directory: new URL('./__fixtures__/corpus/', import.meta.url),
  apiKey: KEY,
  adapter: {
    model: 'gpt-4o-mini',
    createAsyncModels: (baseUrl) =>
      createOpenAIAsyncModels({ apiKey: KEY, baseUrl, maxRetries: 0 }),
    createModels: (baseUrl) => createOpenAIModels({ apiKey: KEY, baseUrl, maxRetries: 0 }),
  },
});
