export type {
  ConformanceHarness,
  HarnessBlockedReply,
  HarnessCapability,
  HarnessDropMidStreamReply,
  HarnessEmptyReply,
  HarnessErrorEventReply,
  HarnessFunctionCall,
  HarnessFunctionCallsReply,
  HarnessFunctionResponse,
  HarnessHttpErrorReply,
  HarnessMalformedEventReply,
  HarnessMessage,
  HarnessReply,
  HarnessRequest,
  HarnessStallMidStreamReply,
  HarnessTextReply,
} from './conformance-harness';
export { harnessCapabilities } from './conformance-harness';
export type { AdapterConformanceOptions, ConformanceSettings } from './conformance-options';
export { describeAdapterConformance } from './describe-adapter-conformance';
export { skipReason } from './skip-reason';
export { describeStoreConformance } from './store/describe-store-conformance';
export type { MakeStore, StoreTestOptions, StoreUnderTest } from './store/store-under-test';
