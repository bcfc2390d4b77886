import { InvalidResponseError } from '@colloquy/chat-core';
import { htmlExcerptOf, looksLikeHtml } from './excerpt';
import type { HttpRequest } from './http-request';
import { parseJsonText } from './parse-json-event';
import { readBodyText } from './read-body-text';
import { requestIdOf } from './request-id';
import { prepareRequest, sendWithRetries } from './send-with-retries';

export interface JsonResponse {
  value: unknown;
  headers: Headers;
  requestId?: string;
}

/**
 * POST JSON and return the parsed JSON answer. Retries connection errors, request timeouts and
 * 408/409/429/5xx with backoff (honouring retry-after-ms / Retry-After); the request timeout
 * covers the headers and the body. Throws chat-core errors only.
 */
export async function postJson(request: HttpRequest): Promise<JsonResponse> {
  const prepared = prepareRequest(request, 'application/json');
  const { provider, secrets } = prepared;
  const maxBytes = prepared.settings.maxResponseBytes;
  return sendWithRetries(prepared, async (response, attempt) => {
    const declared = Number(response.headers.get('content-length'));
    if (declared > maxBytes) {
      response.body?.cancel().catch(() => {});
      throw tooLarge(provider, maxBytes);
    }
    const { text, truncated } = await readBodyText(response, maxBytes, attempt);
    attempt.dispose();
    if (truncated) throw tooLarge(provider, maxBytes);
    if (text.trim() === '') {
      throw new InvalidResponseError({
        provider,
        message: `${provider} answered HTTP ${response.status} with an empty body. Check the baseUrl option; retry if it was transient.`,
      });
    }
    if (looksLikeHtml(response.headers.get('content-type'), text)) {
      const excerpt = htmlExcerptOf(text, secrets);
      throw new InvalidResponseError({
        provider,
        excerpt,
        message: `${provider} sent a non-JSON page (HTML, HTTP ${response.status}): ${JSON.stringify(excerpt)}. Check the baseUrl option points at the provider's API (a proxy or captive portal may be answering).`,
      });
    }
    const value = parseJsonText(
      text,
      provider,
      secrets,
      `a response body that is not valid JSON (HTTP ${response.status})`,
    );
    const requestId = requestIdOf(response.headers);
    return requestId === undefined
      ? { value, headers: response.headers }
      : { value, headers: response.headers, requestId };
  });
}

function tooLarge(provider: string, maxBytes: number): InvalidResponseError {
  return new InvalidResponseError({
    provider,
    message: `${provider} sent a response larger than ${maxBytes} bytes; refusing to read it. Raise the maxResponseBytes option if this is expected.`,
  });
}
