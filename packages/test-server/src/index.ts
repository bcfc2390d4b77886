export {
  createFakeProvider,
  emulations,
  type FakeProvider,
  type FakeProviderOptions,
  type IncomingRequest,
} from './fake-provider';
export { type FakeServer, type FakeServerOptions, startFakeServer } from './fake-server';
export { type FakeServerThread, startFakeServerThread } from './fake-server-thread';
export type { LoggedRequest } from './logged-request';
export { mswHandlersFor, responseFromPlan } from './msw-handlers';
export type { NeutralMessage, NeutralRequest } from './neutral-request';
export { isProviderName, type ProviderName, providerNames } from './provider-name';
export type {
  HttpReply,
  ProviderEmulation,
  RenderContext,
  ReplyContent,
  ReplyFunctionCall,
  Route,
  WireEvent,
} from './providers/provider-emulation';
export type { BodyStep, ResponsePlan } from './response-plan';
export {
  type BlockedReply,
  type EchoKeyFault,
  type EmptyBodyFault,
  type EmptyReply,
  type ErrorEventFault,
  type ErrorReply,
  type FaultName,
  type FaultReply,
  type FunctionCallsReply,
  faultNames,
  type HtmlErrorFault,
  type MalformedEventFault,
  type NoTerminatorFault,
  type OversizedFault,
  type RecordedReply,
  type ResetBeforeHeadersFault,
  type ResetMidStreamFault,
  type RetryAfterFault,
  type ScriptedReply,
  type SlowFirstByteFault,
  type SplitUtf8Fault,
  type StallMidStreamFault,
  type TextReply,
} from './scripted-reply';
