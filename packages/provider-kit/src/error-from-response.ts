import {
  type ApiError,
  ApiError as ApiErrorClass,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ServerError,
} from '@colloquy/chat-core';
import { excerptOf, htmlExcerptOf, looksLikeHtml } from './excerpt';
import { requestIdOf } from './request-id';
import { retryAfterMsOf } from './retry-after';
import { scrubSecrets } from './scrub-secrets';

const MAX_PROVIDER_MESSAGE = 1000;

interface Extracted {
  message?: string;
  code?: string;
}

function str(value: unknown): string | undefined {
  if (typeof value === 'string' && value.trim() !== '') return value;
  if (typeof value === 'number') return String(value);
  return undefined;
}

// Shapes seen: OpenAI {error:{message,type,code}}, Anthropic {type:'error',error:{type,message}},
// Gemini {error:{code,message,status}} (sometimes wrapped in an array), and {message}/{error:'...'}.
function extract(body: unknown): Extracted {
  const root = Array.isArray(body) ? body[0] : body;
  if (root === null || typeof root !== 'object') return {};
  const record = root as Record<string, unknown>;
  const error = record.error;
  if (typeof error === 'string') return { message: error };
  if (error !== null && typeof error === 'object') {
    const e = error as Record<string, unknown>;
    return {
      message: str(e.message),
      code: str(e.type) ?? str(e.status) ?? str(e.code),
    };
  }
  return { message: str(record.message) ?? str(record.detail), code: str(record.code) };
}

function clip(text: string): string {
  return text.length > MAX_PROVIDER_MESSAGE ? `${text.slice(0, MAX_PROVIDER_MESSAGE - 1)}…` : text;
}

/**
 * Map an HTTP error to the right chat-core class (401 Authentication, 403 PermissionDenied,
 * 404 NotFound, 429 RateLimit with retryAfterMs, >=500 Server, else ApiError), with the
 * provider's own message (scrubbed). A non-JSON body gives a short note, never the whole body.
 */
export function errorFromResponse(args: {
  provider: string;
  status: number;
  headers: Headers;
  bodyText: string;
  secrets?: string[];
}): ApiError {
  const { provider, status, headers, bodyText, secrets } = args;
  const requestId = requestIdOf(headers);
  let providerMessage: string | undefined;
  let providerCode: string | undefined;
  const trimmed = bodyText.trim();
  if (trimmed !== '') {
    let parsed: unknown;
    let isJson = false;
    try {
      parsed = JSON.parse(trimmed);
      isJson = true;
    } catch {
      // Not JSON: handled below.
    }
    if (isJson) {
      const found = extract(parsed);
      providerMessage = found.message
        ? clip(scrubSecrets(found.message, secrets))
        : `unrecognised error body: ${excerptOf(trimmed, secrets)}`;
      providerCode = found.code ? scrubSecrets(found.code, secrets).slice(0, 100) : undefined;
    } else if (looksLikeHtml(headers.get('content-type'), trimmed)) {
      providerMessage = `the provider sent a non-JSON page (HTML, HTTP ${status}): ${JSON.stringify(htmlExcerptOf(trimmed, secrets))}`;
    } else {
      providerMessage = `the provider sent a non-JSON body (HTTP ${status}): ${JSON.stringify(excerptOf(trimmed, secrets))}`;
    }
  }
  const options = { provider, status, requestId, providerMessage, providerCode };
  if (status === 401) return new AuthenticationError(options);
  if (status === 403) return new PermissionDeniedError(options);
  if (status === 404) return new NotFoundError(options);
  if (status === 429)
    return new RateLimitError({ ...options, retryAfterMs: retryAfterMsOf(headers) });
  if (status >= 500) return new ServerError(options);
  return new ApiErrorClass(options);
}
