import { ApiError, AuthenticationError } from '@colloquy/chat-core';
import { errorFromResponse } from '@colloquy/provider-kit';
import * as v from 'valibot';
import { type GeminiErrorBody, geminiErrorSchema } from './gemini-api';
import { GEMINI_PROVIDER } from './gemini-options';

// google.rpc.Code names → the HTTP status Google maps them to, for error bodies lacking `code`.
const statusOfRpcCode: Record<string, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  OUT_OF_RANGE: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  ABORTED: 409,
  ALREADY_EXISTS: 409,
  RESOURCE_EXHAUSTED: 429,
  CANCELLED: 499,
  UNKNOWN: 500,
  INTERNAL: 500,
  DATA_LOSS: 500,
  UNIMPLEMENTED: 501,
  UNAVAILABLE: 503,
  DEADLINE_EXCEEDED: 504,
};

/** True when a parsed body is Google's error envelope rather than a response. */
export function isGeminiErrorBody(value: unknown): value is GeminiErrorBody {
  // The `in` test first: this runs on every stream event and must stay cheap.
  return (
    typeof value === 'object' &&
    value !== null &&
    'error' in value &&
    v.is(geminiErrorSchema, value)
  );
}

/**
 * The typed error for an `{"error":{code,message,status}}` body that arrived with a 2xx
 * status: inside a stream, or as a whole reply. Its `code` is the HTTP status Google would
 * have sent, so it goes through the same mapping as an HTTP error response.
 */
export function errorFromGeminiErrorBody(args: {
  body: GeminiErrorBody;
  bodyText: string;
  secrets?: string[];
}): ApiError {
  const { code, status } = args.body.error;
  const httpStatus =
    code != null && code >= 400 && code <= 599
      ? code
      : ((status != null ? statusOfRpcCode[status] : undefined) ?? 500);
  const error = errorFromResponse({
    provider: GEMINI_PROVIDER,
    status: httpStatus,
    headers: new Headers(),
    bodyText: args.bodyText,
    secrets: args.secrets,
  });
  return refineGeminiError(error) as ApiError;
}

// Gemini's words for a wrong or expired key (ErrorInfo reasons API_KEY_INVALID, API_KEY_EXPIRED).
const BAD_KEY_MESSAGE = /\bAPI key (?:not valid|expired|invalid)/i;

/**
 * Gemini answers a wrong or expired API key with 400 INVALID_ARGUMENT, never 401, so the
 * generic status mapping would report a bad request. This turns that answer into the
 * `AuthenticationError` callers catch for key problems; everything else passes unchanged.
 */
export function refineGeminiError(error: unknown): unknown {
  if (!ApiError.isInstance(error) || error.status !== 400) return error;
  if (!BAD_KEY_MESSAGE.test(error.providerMessage ?? '')) return error;
  return new AuthenticationError({
    provider: error.provider,
    status: 400,
    requestId: error.requestId,
    providerMessage: error.providerMessage,
    providerCode: error.providerCode,
    cause: error,
  });
}
