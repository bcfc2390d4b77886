import { createAnthropicAsyncModels, createAnthropicModels } from '@colloquy/provider-anthropic';
import { createTestServerHarness } from './__harness__/test-server-harness';
import { describeAdapterConformance } from './describe-adapter-conformance';

// Through msw in this thread, then through a real server on 127.0.0.1 (in a worker thread),
// which the blocking models reach too. The two runs are sibling describe blocks: msw must
// not be listening while the real server is used.
describeAdapterConformance({
  name: 'anthropic (msw)',
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
  createAsyncModels: createAnthropicAsyncModels,
  createModels: createAnthropicModels,
  harness: createTestServerHarness('anthropic', { transport: 'msw' }),
});

describeAdapterConformance({
  name: 'anthropic (loopback server)',
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
  createAsyncModels: createAnthropicAsyncModels,
  createModels: createAnthropicModels,
  harness: createTestServerHarness('anthropic', { transport: 'loopback' }),
});
