export { AbortError } from './abort-error';
export { ApiError, type ApiErrorOptions } from './api-error';
export { AuthenticationError } from './authentication-error';
export { ColloquyError, type ColloquyErrorOptions } from './colloquy-error';
export { ConfigurationError } from './configuration-error';
export { ConnectionError } from './connection-error';
export { InvalidHistoryError } from './invalid-history-error';
export { InvalidMessageError } from './invalid-message-error';
export { InvalidResponseError } from './invalid-response-error';
export { NotFoundError } from './not-found-error';
export { PermissionDeniedError } from './permission-denied-error';
export { RateLimitError } from './rate-limit-error';
export {
  type ResponseSchemaIssue,
  ResponseSchemaMismatchError,
} from './response-schema-mismatch-error';
export { ServerError } from './server-error';
export { SessionBusyError } from './session-busy-error';
export { SessionConflictError } from './session-conflict-error';
export { SessionCorruptError } from './session-corrupt-error';
export { SessionNotFoundError } from './session-not-found-error';
export { SessionStoreUnavailableError } from './session-store-unavailable-error';
export { StreamInterruptedError } from './stream-interrupted-error';
export { TimeoutError, type TimeoutPhase } from './timeout-error';
