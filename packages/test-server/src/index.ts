export {
  type CorpusReplayOptions,
  describeCorpusReplay,
} from './corpus/describe-corpus-replay';
export type { CorpusAdapter } from './corpus/replay-corpus-case';
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
  type EchoKeyFault,
  type EmptyBodyFault,
  type FaultName,
  type FaultReply,
  faultNames,
  type HtmlErrorFault,
  type NoTerminatorFault,
  type OversizedFault,
  type RecordedReply,
  type RetryAfterFault,
  type ScriptedReply,
  type SplitUtf8Fault,
  type StallMidStreamFault,
} from './scripted-reply';
export { startTcpProxy, type TcpProxy } from './start-tcp-proxy';
