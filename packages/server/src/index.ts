export {
  InvalidRequestError,
  MethodNotAllowedError,
  NoRunningTurnError,
  PayloadTooLargeError,
  RouteNotFoundError,
  TooManyStreamsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from './errors/request-errors';
export { StreamGoneError } from './errors/stream-gone-error';
export { StreamLogUnavailableError } from './errors/stream-log-unavailable-error';
export type { ChatHandler, ChatHandlerOptions } from './handler/chat-handler-options';
export type { ChatStreamEvent, ChatStreamEventData } from './handler/chat-stream-event';
export { createChatHandler } from './handler/create-chat-handler';
export { createMemoryStreamLog } from './stream-log/create-memory-stream-log';
export type {
  StreamEvent,
  StreamLog,
  StreamLogOptions,
  TurnPointer,
} from './stream-log/stream-log';
