import { AbortError } from './abort-error';
import { ApiError } from './api-error';
import { AuthenticationError } from './authentication-error';
import { ColloquyError } from './colloquy-error';
import { ConfigurationError } from './configuration-error';
import { ConnectionError } from './connection-error';
import { InvalidHistoryError } from './invalid-history-error';
import { InvalidMessageError } from './invalid-message-error';
import { InvalidResponseError } from './invalid-response-error';
import { NotFoundError } from './not-found-error';
import { PermissionDeniedError } from './permission-denied-error';
import { RateLimitError } from './rate-limit-error';
import { ResponseSchemaMismatchError } from './response-schema-mismatch-error';
import { ServerError } from './server-error';
import { SessionBusyError } from './session-busy-error';
import { SessionConflictError } from './session-conflict-error';
import { SessionCorruptError } from './session-corrupt-error';
import { SessionNotFoundError } from './session-not-found-error';
import { SessionStoreUnavailableError } from './session-store-unavailable-error';
import { StreamInterruptedError } from './stream-interrupted-error';
import { TimeoutError } from './timeout-error';

// Every constructor accepts its own fields plus `message`, so plain data rebuilds the error.
type ErrorClass = new (fields: never) => ColloquyError;
const classes: Record<string, ErrorClass> = {
  ColloquyError,
  InvalidHistoryError,
  InvalidMessageError,
  ConfigurationError,
  ApiError,
  AuthenticationError,
  PermissionDeniedError,
  NotFoundError,
  RateLimitError,
  ServerError,
  TimeoutError,
  ConnectionError,
  AbortError,
  StreamInterruptedError,
  InvalidResponseError,
  ResponseSchemaMismatchError,
  SessionConflictError,
  SessionBusyError,
  SessionNotFoundError,
  SessionCorruptError,
  SessionStoreUnavailableError,
};

/** Turns any thrown value into plain data that survives `structuredClone` and JSON. */
export function serializeError(error: unknown): Record<string, unknown> {
  if (ColloquyError.isInstance(error)) return { ...error.toJSON(), colloquy: true };
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: 'Error', message: String(error) };
}

/** Rebuilds an error from `serializeError` output, as the same Colloquy class with its fields. */
export function deserializeError(data: Record<string, unknown>): Error {
  const name = typeof data.name === 'string' ? data.name : 'Error';
  const message = typeof data.message === 'string' ? data.message : 'Unknown error';
  const Class = data.colloquy === true ? classes[name] : undefined;
  if (!Class) {
    const error = new Error(message);
    error.name = name;
    return error;
  }
  const { colloquy: _colloquy, name: _name, ...fields } = data;
  const error = new Class(fields as never);
  // Copy every field back (some classes derive fields in the constructor; the original wins).
  for (const [key, value] of Object.entries(fields)) {
    if (key !== 'isRetryable')
      Object.defineProperty(error, key, {
        value,
        enumerable: key !== 'message',
        writable: true,
        configurable: true,
      });
  }
  return error;
}
