import {
  AbortError,
  ApiError,
  AuthenticationError,
  ColloquyError,
  ConfigurationError,
  ConnectionError,
  InvalidHistoryError,
  InvalidMessageError,
  InvalidResponseError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
  SessionBusyError,
  SessionConflictError,
  SessionStoreUnavailableError,
  StreamInterruptedError,
  TimeoutError,
} from '@colloquy/chat-core';

/** Errors whose messages are scrubbed of keys and may be shown, by the name a reason starts with. */
const SHOWN = new Set(
  [
    AbortError,
    ApiError,
    AuthenticationError,
    ColloquyError,
    ConfigurationError,
    ConnectionError,
    InvalidHistoryError,
    InvalidMessageError,
    InvalidResponseError,
    NotFoundError,
    PermissionDeniedError,
    RateLimitError,
    ServerError,
    SessionBusyError,
    SessionConflictError,
    SessionStoreUnavailableError,
    StreamInterruptedError,
    TimeoutError,
  ].map(
    (error) => error.marker.slice('colloquy.'.length).replace(/^error\.?/, '') || 'ColloquyError',
  ),
);

/**
 * A stored turn as clients may see it. An interrupted turn's `reason` is `<name>: <message>`
 * of whatever stopped it, which for a non-Colloquy error (a tool handler's, a bug's) may
 * hold anything: it is replaced by `InternalError`.
 */
export function publicTurn<T extends { reason?: string }>(turn: T): T {
  const { reason } = turn;
  if (reason === undefined || reason === 'abandoned' || reason === 'lease expired') return turn;
  const name = /^(\w+): /.exec(reason)?.[1];
  return name !== undefined && SHOWN.has(name) ? turn : { ...turn, reason: 'InternalError' };
}
