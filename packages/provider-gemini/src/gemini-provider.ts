import { type AsyncModels, ConfigurationError } from '@colloquy/chat-core';
import { type GenerateContentParameters, SPECIFICATION_VERSION } from '@colloquy/chat-core/spec';
import {
  attachWarnings,
  foreignThoughtWarnings,
  type HttpRequest,
  postEventStream,
  postJson,
  type SseEvent,
  settingWarnings,
} from '@colloquy/provider-kit';
import { type BridgedModels, createBridgedModels } from '@colloquy/sync-bridge';
import { convertFromGeminiResponse } from './convert-from-gemini-response';
import { convertToGeminiRequest, isForeignThought } from './convert-to-gemini-request';
import { readGeminiResponse } from './gemini-api';
import { errorFromGeminiErrorBody, isGeminiErrorBody, refineGeminiError } from './gemini-error';
import {
  GEMINI_PROVIDER,
  type GeminiProviderOptions,
  resolveGeminiOptions,
} from './gemini-options';
import { mapGeminiEventStream } from './gemini-stream-mapper';
import { GEMINI_UNSUPPORTED_SETTINGS } from './gemini-unsupported-settings';

/** `gemini-2.5-flash` and `models/gemini-2.5-flash` name the same model; `tunedModels/x` too. */
function modelPath(model: string): string {
  const name = typeof model === 'string' ? model.trim() : '';
  if (name === '' || name.endsWith('/')) {
    throw new ConfigurationError({
      provider: GEMINI_PROVIDER,
      message: `Invalid Gemini model name ${JSON.stringify(model)}. Give a model such as "gemini-2.5-flash" or "models/gemini-2.5-flash".`,
    });
  }
  const path = name.includes('/') ? name : `models/${name}`;
  return path.split('/').map(encodeURIComponent).join('/');
}

/**
 * The Gemini API (`generativelanguage.googleapis.com`) as Colloquy's async transport. The API
 * key is resolved now, so a missing key fails here rather than at the first message; it
 * travels in the `x-goog-api-key` header, never in the URL.
 */
export function createGeminiAsyncModels(options: GeminiProviderOptions = {}): AsyncModels {
  const { apiKey, apiUrl } = resolveGeminiOptions(options);
  const secrets = [apiKey];
  // A copy: later changes to the caller's object do not reach requests already configured.
  const settings = { ...options };

  function httpRequest(params: GenerateContentParameters, method: string): HttpRequest {
    // Convert first: a bad config throws before anything is sent.
    const body = convertToGeminiRequest({ contents: params.contents, config: params.config });
    return {
      provider: GEMINI_PROVIDER,
      url: `${apiUrl}/${modelPath(params.model)}:${method}`,
      headers: { 'x-goog-api-key': apiKey },
      body,
      settings,
      config: params.config,
      secrets,
    };
  }

  // Before anything is sent: with config.strict these throw.
  const warningsFor = (params: GenerateContentParameters) =>
    settingWarnings(
      params.config,
      GEMINI_PROVIDER,
      GEMINI_UNSUPPORTED_SETTINGS,
      foreignThoughtWarnings(params.contents, GEMINI_PROVIDER, isForeignThought),
    );

  return {
    specificationVersion: SPECIFICATION_VERSION,
    provider: GEMINI_PROVIDER,
    async generateContent(params) {
      const warnings = warningsFor(params);
      const request = httpRequest(params, 'generateContent');
      let value: unknown;
      try {
        ({ value } = await postJson(request));
      } catch (error) {
        throw refineGeminiError(error);
      }
      if (isGeminiErrorBody(value)) {
        throw errorFromGeminiErrorBody({ body: value, bodyText: JSON.stringify(value), secrets });
      }
      return attachWarnings(convertFromGeminiResponse(readGeminiResponse(value)), warnings);
    },

    async generateContentStream(params) {
      const warnings = warningsFor(params);
      const request = httpRequest(params, 'streamGenerateContent?alt=sse');
      let events: AsyncIterable<SseEvent>;
      try {
        events = await postEventStream(request);
      } catch (error) {
        throw refineGeminiError(error);
      }
      return mapGeminiEventStream(events, { secrets, warnings });
    },
  };
}

/**
 * Blocking models for `Chat`: `createGeminiAsyncModels` run in a worker thread. A missing
 * key fails here, in the caller's thread; `fetch` is refused (docs/adapter-template.md).
 * `close()` releases the worker-side models.
 */
export function createGeminiModels(
  options: Omit<GeminiProviderOptions, 'fetch'> = {},
): BridgedModels {
  const { apiKey } = resolveGeminiOptions(options);
  return createBridgedModels({
    provider: GEMINI_PROVIDER,
    module: '@colloquy/provider-gemini',
    exportName: 'createGeminiAsyncModels',
    options: { ...options, apiKey },
    parentUrl: import.meta.url,
  });
}
