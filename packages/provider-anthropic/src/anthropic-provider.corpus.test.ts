import { describeCorpusReplay } from '@colloquy/test-server';
import { createAnthropicAsyncModels, createAnthropicModels } from './anthropic-provider';

// The recorded-traffic corpus (src/__fixtures__/corpus, sources and licenses in its README),
// replayed through AsyncChat and Chat: see test-server's describeCorpusReplay.
const KEY = 'sk-ant-corpus-0123456789';
describeCorpusReplay({
  provider: 'anthropic',
  directory: new URL('./__fixtures__/corpus/', import.meta.url),
  apiKey: KEY,
  adapter: {
    model: 'claude-opus-4-6',
    createAsyncModels: (baseUrl) =>
      createAnthropicAsyncModels({ apiKey: KEY, baseUrl, maxRetries: 0 }),
    createModels: (baseUrl) => createAnthropicModels({ apiKey: KEY, baseUrl, maxRetries: 0 }),
  },
});
