import type { ApiError } from '@colloquy/chat-core';
import { errorFromResponse } from '@colloquy/provider-kit';
import { OPENAI_PROVIDER } from './openai-options';

// Error `type`/`code` values seen from OpenAI and compatible servers, by the HTTP status
// they stand for. A stream error arrives with HTTP 200, so the status has to be derived.
const STATUS_BY_CODE: Record<string, number> = {
  invalid_request_error: 400,
  invalid_request: 400,
  bad_request: 400,
  BadRequestError: 400,
  context_length_exceeded: 400,
  authentication_error: 401,
  invalid_api_key: 401,
  unauthorized: 401,
  permission_error: 403,
  permission_denied: 403,
  not_found_error: 404,
  not_found: 404,
  model_not_found: 404,
  NotFoundError: 404,
  timeout: 408,
  rate_limit_error: 429,
  rate_limit_exceeded: 429,
  insufficient_quota: 429,
  server_error: 500,
  api_error: 500,
  internal_error: 500,
  internal_server_error: 500,
  InternalServerError: 500,
  overloaded_error: 503,
  service_unavailable: 503,
};

function statusOf(error: unknown): number {
  if (error === null || typeof error !== 'object') return 500;
  const { type, code } = error as { type?: unknown; code?: unknown };
  const numeric = typeof code === 'string' && /^[45]\d\d$/.test(code) ? Number(code) : code;
  if (typeof numeric === 'number' && numeric >= 400 && numeric <= 599) return numeric;
  for (const key of [type, code]) {
    if (typeof key === 'string' && Object.hasOwn(STATUS_BY_CODE, key)) {
      return STATUS_BY_CODE[key] as number;
    }
  }
  // Unknown: an error mid-stream is the server failing, so it reads as a server error.
  return 500;
}

/**
 * The typed error for an error object sent in an OpenAI-style body or stream event:
 * `{"error": {message, type, code}}`, or vLLM's flat `{"object": "error", message, type, code}`.
 * The provider's message is extracted and scrubbed by the kit.
 */
export function errorFromOpenAIEvent(args: {
  data: string;
  error: unknown;
  secrets?: string[];
}): ApiError {
  return errorFromResponse({
    provider: OPENAI_PROVIDER,
    status: statusOf(args.error),
    headers: new Headers(),
    bodyText: args.data,
    secrets: args.secrets,
  });
}
