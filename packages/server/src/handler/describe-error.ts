import {
  AbortError,
  ApiError,
  AuthenticationError,
  ColloquyError,
  ConnectionError,
  InvalidMessageError,
  InvalidResponseError,
  PermissionDeniedError,
  RateLimitError,
  SessionBusyError,
  SessionConflictError,
  SessionNotFoundError,
  SessionStoreUnavailableError,
  StreamInterruptedError,
  TimeoutError,
} from '@colloquy/chat-core';
import { MethodNotAllowedError, requestErrorStatus } from '../errors/request-errors';
import { StreamGoneError } from '../errors/stream-gone-error';

/** An error as a client may see it: status, the `{ name, message }` body, extra headers. */
export interface ErrorDescription {
  status: number;
  name: string;
  message: string;
  headers?: Record<string, string>;
  /** Not one we expected: the client gets a generic 500 and `onError` gets the error. */
  unexpected?: boolean;
}

const internal: ErrorDescription = {
  status: 500,
  name: 'InternalError',
  message: 'The server failed; the error was logged.',
  unexpected: true,
};

function statusOf(error: ColloquyError): number | undefined {
  const own = requestErrorStatus(error);
  if (own !== undefined) return own;
  if (SessionNotFoundError.isInstance(error)) return 404;
  if (SessionBusyError.isInstance(error) || SessionConflictError.isInstance(error)) return 409;
  if (StreamGoneError.isInstance(error)) return 409;
  if (InvalidMessageError.isInstance(error)) return 400;
  if (RateLimitError.isInstance(error)) return 429;
  if (TimeoutError.isInstance(error)) return 504;
  if (SessionStoreUnavailableError.isInstance(error)) return 503;
  // (A cast: the checks above narrow structurally alike classes away.)
  if (ApiError.isInstance(error)) return (error as ApiError).status === 503 ? 503 : 502;
  if (ConnectionError.isInstance(error)) return 502;
  // The provider's reply broke or made no sense: the model's fault, not the server's.
  if (StreamInterruptedError.isInstance(error) || InvalidResponseError.isInstance(error))
    return 502;
  // A cancel that landed before the stream began.
  if (AbortError.isInstance(error)) return 409;
  return undefined;
}

/**
 * What the client is told about `error`. Colloquy's errors are scrubbed of keys and say what
 * to do, so their name and message pass through (never their cause or stack); anything else
 * is an `InternalError` with no detail.
 */
export function describeError(error: unknown): ErrorDescription {
  if (!ColloquyError.isInstance(error)) return internal;
  const status = statusOf(error);
  if (status === undefined) return internal;
  if (AuthenticationError.isInstance(error) || PermissionDeniedError.isInstance(error)) {
    // The provider refused the *server's* credentials: nothing the client can fix.
    return {
      status,
      name: error.name,
      message: `The model provider refused the server's credentials (HTTP ${error.status}). The server's operator must fix its API key; retrying will not help.`,
    };
  }
  const out = described(status, error);
  if (RateLimitError.isInstance(error) && error.retryAfterMs !== undefined) {
    out.headers = { 'Retry-After': String(Math.ceil(error.retryAfterMs / 1000)) };
  }
  if (MethodNotAllowedError.isInstance(error)) out.headers = { Allow: error.allow.join(', ') };
  return out;
}

function described(status: number, error: ColloquyError): ErrorDescription {
  return { status, name: error.name, message: error.message };
}
