import { AbortError, ApiError, ConfigurationError } from '@colloquy/chat-core';
import { abortableSleep } from './abortable-sleep';
import { Attempt } from './attempt';
import { errorFromResponse } from './error-from-response';
import type { HttpRequest, RetryClock } from './http-request';
import { type ResolvedSettings, resolveSettings } from './provider-settings';
import { readBodyText } from './read-body-text';
import { requestIdOf } from './request-id';
import { retryAfterMsOf } from './retry-after';
import { isRetryableStatus, type RetryHint, retryDelayMs } from './retry-policy';
import { scrubSecrets, urlCarriesSecret } from './scrub-secrets';

const defaultClock: RetryClock = {
  sleep: abortableSleep,
  random: Math.random,
  now: Date.now,
};

// Enough of an error body to find the provider's message; the rest is not read.
const MAX_ERROR_BODY_BYTES = 64 * 1024;

export interface PreparedRequest {
  provider: string;
  url: string;
  init: { method: 'POST'; headers: Headers; body: string; redirect: 'manual' };
  fetch: typeof globalThis.fetch;
  signal: AbortSignal | undefined;
  settings: ResolvedSettings;
  secrets: string[] | undefined;
  clock: RetryClock;
}

/** Validates the request and resolves everything an attempt needs, before any I/O. */
export function prepareRequest(request: HttpRequest, accept: string): PreparedRequest {
  const { provider, url, settings, config, secrets } = request;
  const signal = config?.abortSignal;
  if (signal?.aborted) throw new AbortError({ provider, cause: signal.reason });
  if (urlCarriesSecret(url, secrets)) {
    throw new ConfigurationError({
      provider,
      message: `Refusing to send a request to ${provider}: its URL (${scrubSecrets(url, secrets)}) contains an API key. Keys travel only in headers.`,
    });
  }
  // Resolved at call time, so tests and polyfills installed after import are seen.
  const fetchImpl = settings.fetch ?? globalThis.fetch;
  if (typeof fetchImpl !== 'function') {
    throw new ConfigurationError({
      provider,
      message: `No fetch is available in this runtime. Pass a fetch implementation as the fetch option of the ${provider} provider.`,
    });
  }
  // Later sources win: adapter (auth) < settings.headers < per-call httpOptions.headers.
  const headers = new Headers({ 'content-type': 'application/json', accept });
  for (const source of [request.headers, settings.headers, config?.httpOptions?.headers]) {
    if (!source) continue;
    for (const [name, value] of Object.entries(source)) {
      try {
        headers.set(name, value);
      } catch {
        // Neither the value nor the platform's error (which may quote it) is kept: it may be a key.
        throw new ConfigurationError({
          provider,
          message: `The header ${JSON.stringify(name)} for ${provider} has an invalid name or value (line breaks or non-ASCII characters?).`,
        });
      }
    }
  }
  let body: string;
  try {
    body = JSON.stringify(request.body);
  } catch (cause) {
    throw new ConfigurationError({
      provider,
      message: `The request body for ${provider} could not be serialised to JSON.`,
      cause,
    });
  }
  return {
    provider,
    url,
    // Redirects are not followed: fetch would forward custom key headers (x-api-key,
    // x-goog-api-key) to whatever host the Location names.
    init: { method: 'POST', headers, body, redirect: 'manual' },
    fetch: fetchImpl,
    signal,
    settings: resolveSettings(provider, settings, config?.httpOptions),
    secrets,
    clock: request.clock ?? defaultClock,
  };
}

/**
 * Runs attempts until `handle` succeeds, a failure is not retryable, or retries run out.
 * `handle` receives a 2xx response and owns the attempt from then on (it must dispose it on
 * success); any failure it throws is retried by the same rules as a failed fetch.
 */
export async function sendWithRetries<T>(
  prepared: PreparedRequest,
  handle: (response: Response, attempt: Attempt) => Promise<T>,
): Promise<T> {
  const { provider, signal, settings, clock } = prepared;
  for (let retry = 0; ; retry++) {
    if (signal?.aborted) throw new AbortError({ provider, cause: signal.reason });
    let hint: RetryHint | undefined;
    try {
      return await runAttempt(prepared, handle, (h) => {
        hint = h;
      });
    } catch (error) {
      if (AbortError.isInstance(error)) throw error;
      const delay = retryDelayMs({
        error,
        hint,
        retry,
        maxRetries: settings.maxRetries,
        maxRetryDelay: settings.maxRetryDelay,
        random: clock.random(),
      });
      if (delay === undefined) throw error;
      try {
        await clock.sleep(delay, signal);
      } catch (reason) {
        throw new AbortError({ provider, cause: signal?.reason ?? reason });
      }
    }
  }
}

async function runAttempt<T>(
  prepared: PreparedRequest,
  handle: (response: Response, attempt: Attempt) => Promise<T>,
  setHint: (hint: RetryHint) => void,
): Promise<T> {
  const { provider, settings, secrets } = prepared;
  const attempt = new Attempt(provider, prepared.signal, settings.timeout, settings.idleTimeout);
  let response: Response;
  try {
    const pending = prepared.fetch(prepared.url, { ...prepared.init, signal: attempt.signal });
    // A fetch that ignores its signal must not hang us; its late response is discarded.
    pending.then(
      (late) => {
        if (attempt.cause !== undefined) late.body?.cancel().catch(() => {});
      },
      () => {},
    );
    response = await Promise.race([pending, attempt.whenAborted()]);
  } catch (error) {
    attempt.dispose();
    throw attempt.failure(error);
  }
  if (response.type === 'opaqueredirect' || (response.status >= 300 && response.status < 400)) {
    attempt.dispose();
    response.body?.cancel().catch(() => {});
    throw redirectError(prepared, response);
  }
  if (!response.ok) {
    try {
      let bodyText = '';
      try {
        bodyText = (await readBodyText(response, MAX_ERROR_BODY_BYTES, attempt)).text;
      } catch (error) {
        // An abort while reading the error body is still an abort; a broken body is just empty.
        if (attempt.cause !== undefined) throw attempt.failure(error);
      }
      const error = errorFromResponse({
        provider,
        status: response.status,
        headers: response.headers,
        bodyText,
        secrets,
      });
      const should = response.headers.get('x-should-retry');
      setHint({
        retryable:
          should === 'true'
            ? true
            : should === 'false'
              ? false
              : isRetryableStatus(response.status),
        afterMs: retryAfterMsOf(response.headers, prepared.clock.now()),
      });
      throw error;
    } finally {
      attempt.dispose();
    }
  }
  try {
    return await handle(response, attempt);
  } catch (error) {
    attempt.dispose();
    response.body?.cancel().catch(() => {});
    throw attempt.failure(error);
  }
}

function redirectError(prepared: PreparedRequest, response: Response): ApiError {
  const { provider, secrets } = prepared;
  const location = response.headers.get('location');
  const where = location ? ` to ${scrubSecrets(location, secrets).slice(0, 200)}` : '';
  return new ApiError({
    provider,
    status: response.status,
    requestId: requestIdOf(response.headers),
    message: `${provider} answered with a redirect (HTTP ${response.status}${where}). Redirects are not followed, so that API keys are never sent to another host: set the baseUrl option to the final URL.`,
  });
}
