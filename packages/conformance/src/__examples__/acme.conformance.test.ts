import { describeAdapterConformance } from '@colloquy/conformance';
import { createOpenAIAsyncModels } from '@colloquy/provider-openai'; // your adapter's factory
import { createAcmeHarness } from './acme-harness';

describeAdapterConformance({
  name: 'acme',
  provider: 'openai', // the `provider` field your adapter's errors carry
  model: 'acme-chat-1',
  createAsyncModels: createOpenAIAsyncModels,
  harness: createAcmeHarness(),
});
