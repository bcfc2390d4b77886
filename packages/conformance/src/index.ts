/** The reply vocabulary `enqueue` takes, re-exported so a harness needs no second import. */
export type { MockErrorSpec, MockTurn } from '@colloquy/provider-mock';
export type {
  ConformanceHarness,
  HarnessCapability,
  HarnessFunctionCall,
  HarnessFunctionResponse,
  HarnessMessage,
  HarnessRequest,
} from './conformance-harness';
export { harnessCapabilities } from './conformance-harness';
export type { AdapterConformanceOptions, ConformanceSettings } from './conformance-options';
export { describeAdapterConformance } from './describe-adapter-conformance';
export { skipReason } from './skip-reason';
export { describeStoreConformance } from './store/describe-store-conformance';
export type {
  MakeStore,
  StoreProcesses,
  StoreTestOptions,
  StoreUnderTest,
} from './store/store-under-test';
