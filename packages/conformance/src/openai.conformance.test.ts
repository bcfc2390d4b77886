import { createOpenAIAsyncModels, createOpenAIModels } from '@colloquy/provider-openai';
import { createTestServerHarness } from './__harness__/test-server-harness';
import { describeAdapterConformance } from './describe-adapter-conformance';

// Through msw in this thread, then through a real server on 127.0.0.1 (in a worker thread),
// which the blocking models reach too. The two runs are sibling describe blocks: msw must
// not be listening while the real server is used.
describeAdapterConformance({
  name: 'openai (msw)',
  provider: 'openai',
  model: 'gpt-4o-mini',
  createAsyncModels: createOpenAIAsyncModels,
  createModels: createOpenAIModels,
  harness: createTestServerHarness('openai', { transport: 'msw' }),
});

describeAdapterConformance({
  name: 'openai (loopback server)',
  provider: 'openai',
  model: 'gpt-4o-mini',
  createAsyncModels: createOpenAIAsyncModels,
  createModels: createOpenAIModels,
  harness: createTestServerHarness('openai', { transport: 'loopback' }),
});
