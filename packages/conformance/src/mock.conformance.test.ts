import { createMockHarness } from './__harness__/mock-harness';
import { describeAdapterConformance } from './describe-adapter-conformance';

const harness = createMockHarness();

describeAdapterConformance({
  name: 'mock',
  model: 'mock-model',
  createAsyncModels: (settings) => harness.createAsyncModels(settings),
  createModels: (settings) => harness.createModels(settings),
  harness,
});
