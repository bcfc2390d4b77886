import { type AsyncModels, ConfigurationError } from '@colloquy/chat-core';
import { type GenerateContentParameters, SPECIFICATION_VERSION } from '@colloquy/chat-core/spec';
import {
  type HttpRequest,
  postEventStream,
  postJson,
  resolveApiKey,
  type SseEvent,
} from '@colloquy/provider-kit';
import { type BridgedModels, createBridgedModels } from '@colloquy/sync-bridge';
import { convertFromGeminiResponse } from './convert-from-gemini-response';
import { convertToGeminiRequest } from './convert-to-gemini-request';
import { readGeminiResponse } from './gemini-api';
import { errorFromGeminiErrorBody, isGeminiErrorBody, refineGeminiError } from './gemini-error';
import {
  GEMINI_API_KEY_ENV_VARS,
  GEMINI_DEFAULT_API_VERSION,
  GEMINI_DEFAULT_BASE_URL,
  type GeminiProviderOptions,
} from './gemini-options';
import { mapGeminiEventStream } from './gemini-stream-mapper';

const PROVIDER = 'gemini';

function resolveKey(options: GeminiProviderOptions): string {
  return resolveApiKey({
    provider: PROVIDER,
    apiKey: options.apiKey,
    envVars: [...GEMINI_API_KEY_ENV_VARS],
  });
}

/** `gemini-2.5-flash` and `models/gemini-2.5-flash` name the same model; `tunedModels/x` too. */
function modelPath(model: string): string {
  const name = typeof model === 'string' ? model.trim() : '';
  if (name === '' || name.endsWith('/')) {
    throw new ConfigurationError({
      provider: PROVIDER,
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
  const apiKey = resolveKey(options);
  const baseUrl = (options.baseUrl ?? GEMINI_DEFAULT_BASE_URL).replace(/\/+$/, '');
  const apiVersion = options.apiVersion ?? GEMINI_DEFAULT_API_VERSION;
  const secrets = [apiKey];

  function httpRequest(params: GenerateContentParameters, method: string): HttpRequest {
    // Convert first: a bad config throws before anything is sent.
    const body = convertToGeminiRequest({ contents: params.contents, config: params.config });
    return {
      provider: PROVIDER,
      url: `${baseUrl}/${apiVersion}/${modelPath(params.model)}:${method}`,
      headers: { 'x-goog-api-key': apiKey },
      body,
      settings: options,
      config: params.config,
      secrets,
    };
  }

  return {
    specificationVersion: SPECIFICATION_VERSION,
    async generateContent(params) {
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
      return convertFromGeminiResponse(readGeminiResponse(value));
    },

    async generateContentStream(params) {
      const request = httpRequest(params, 'streamGenerateContent?alt=sse');
      let events: AsyncIterable<SseEvent>;
      try {
        events = await postEventStream(request);
      } catch (error) {
        throw refineGeminiError(error);
      }
      return mapGeminiEventStream(events, { secrets });
    },
  };
}

/**
 * The blocking twin of `createGeminiAsyncModels`, for `Chat`/`Chats`: the async models run in
 * a worker thread behind `@colloquy/sync-bridge`. Options must be structured-cloneable, so a
 * custom `fetch` cannot be given here. `close()` releases the worker-side models.
 */
export function createGeminiModels(options: GeminiProviderOptions = {}): BridgedModels {
  // Fail fast in the caller's thread, and hand the worker the key actually found.
  const apiKey = resolveKey(options);
  return createBridgedModels({
    module: '@colloquy/provider-gemini',
    exportName: 'createGeminiAsyncModels',
    options: { ...options, apiKey },
    parentUrl: import.meta.url,
  });
}
