export type { StreamEvent, StreamLog, StreamLogOptions, TurnPointer } from './stream-log/stream-log';
