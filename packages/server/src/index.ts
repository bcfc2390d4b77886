export { StreamGoneError } from './errors/stream-gone-error';
export { StreamLogUnavailableError } from './errors/stream-log-unavailable-error';
export { createMemoryStreamLog } from './stream-log/create-memory-stream-log';
export type {
  StreamEvent,
  StreamLog,
  StreamLogOptions,
  TurnPointer,
} from './stream-log/stream-log';
