export { createMockAsyncModels, type MockAsyncModels } from './create-mock-async-models';
export { createMockModels, type MockModels } from './create-mock-models';
export type { MockControls, MockRequest } from './mock-engine';
export type {
  MockBlockedTurn,
  MockEmptyTurn,
  MockErrorName,
  MockErrorSpec,
  MockErrorTurn,
  MockFunctionCall,
  MockFunctionCallTurn,
  MockInvalidTurn,
  MockPromptBlockedTurn,
  MockRawResponseTurn,
  MockRawStreamTurn,
  MockScript,
  MockScriptOptions,
  MockTextTurn,
  MockTiming,
  MockTurn,
} from './mock-script';
