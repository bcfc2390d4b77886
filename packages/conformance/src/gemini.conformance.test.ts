import { createGeminiAsyncModels, createGeminiModels } from '@colloquy/provider-gemini';
import { createTestServerHarness } from './__harness__/test-server-harness';
import { describeAdapterConformance } from './describe-adapter-conformance';

// Through msw in this thread, then through a real server on 127.0.0.1 (in a worker thread),
// which the blocking models reach too. The two runs are sibling describe blocks: msw must
// not be listening while the real server is used.
describeAdapterConformance({
  name: 'gemini (msw)',
  provider: 'gemini',
  model: 'gemini-2.5-flash',
  createAsyncModels: createGeminiAsyncModels,
  createModels: createGeminiModels,
  harness: createTestServerHarness('gemini', { transport: 'msw' }),
});

describeAdapterConformance({
  name: 'gemini (loopback server)',
  provider: 'gemini',
  model: 'gemini-2.5-flash',
  createAsyncModels: createGeminiAsyncModels,
  createModels: createGeminiModels,
  harness: createTestServerHarness('gemini', { transport: 'loopback' }),
});
