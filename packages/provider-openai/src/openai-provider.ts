import {
  type AsyncModels,
  ConfigurationError,
  type GenerateContentResponse,
} from '@colloquy/chat-core';
import {
  type GenerateContentParameters,
  SPECIFICATION_VERSION,
  type TransportConfig,
} from '@colloquy/chat-core/spec';
import {
  attachWarnings,
  foreignThoughtWarnings,
  type HttpRequest,
  mapEventStream,
  postEventStream,
  postJson,
  settingWarnings,
  validateResponse,
} from '@colloquy/provider-kit';
import { type BridgedModels, createBridgedModels } from '@colloquy/sync-bridge';
import { convertFromOpenAIResponse } from './convert-from-openai-response';
import { convertToOpenAIRequest, isForeignThought } from './convert-to-openai-request';
import { errorFromOpenAIEvent } from './error-from-openai-event';
import { isOpenAIPreamble } from './is-openai-preamble';
import { openAIChatCompletionSchema } from './openai-api';
import {
  OPENAI_PROVIDER,
  type OpenAIProviderOptions,
  resolveOpenAIOptions,
} from './openai-options';
import { OpenAIStreamMapper } from './openai-stream-mapper';
import { OPENAI_UNSUPPORTED_SETTINGS } from './openai-unsupported-settings';

function checkModel(model: unknown): void {
  if (typeof model !== 'string' || model.trim() === '') {
    throw new ConfigurationError({
      provider: OPENAI_PROVIDER,
      message: `model must be a model name such as "gpt-4o-mini", got ${JSON.stringify(model)}.`,
    });
  }
}

// Some compatible servers (OpenRouter, proxies) answer HTTP 200 with an error object.
function throwIfErrorBody(value: unknown, secrets: string[]): void {
  if (value === null || typeof value !== 'object') return;
  const body = value as { error?: unknown; object?: unknown; choices?: unknown };
  const isError =
    (body.error !== undefined && body.error !== null && body.choices === undefined) ||
    body.object === 'error';
  if (!isError) return;
  throw errorFromOpenAIEvent({ data: JSON.stringify(value), error: body.error ?? body, secrets });
}

/**
 * Async models over OpenAI Chat Completions, or any compatible server (`baseUrl`), or Azure
 * OpenAI (`azure`). Resolves the URL and the API key now, so a missing key fails here. The
 * key travels only in the auth header.
 */
export function createOpenAIAsyncModels(options: OpenAIProviderOptions = {}): AsyncModels {
  const { url, headers, secrets } = resolveOpenAIOptions(options);
  // A copy: later changes to the caller's object do not reach requests already configured.
  const settings = { ...options };

  function request(body: unknown, config: TransportConfig | undefined): HttpRequest {
    return { provider: OPENAI_PROVIDER, url, headers, body, settings, config, secrets };
  }

  // Before anything is sent: with config.strict these throw.
  const warningsFor = (params: GenerateContentParameters) =>
    settingWarnings(
      params.config,
      OPENAI_PROVIDER,
      OPENAI_UNSUPPORTED_SETTINGS,
      foreignThoughtWarnings(params.contents, OPENAI_PROVIDER, isForeignThought),
    );

  return {
    specificationVersion: SPECIFICATION_VERSION,
    provider: OPENAI_PROVIDER,

    async generateContent(params) {
      checkModel(params.model);
      const warnings = warningsFor(params);
      const body = convertToOpenAIRequest({ ...params, stream: false });
      const { value } = await postJson(request(body, params.config));
      throwIfErrorBody(value, secrets);
      const response = validateResponse(openAIChatCompletionSchema, value, OPENAI_PROVIDER);
      return attachWarnings(convertFromOpenAIResponse(response), warnings);
    },

    async generateContentStream(params): Promise<AsyncIterable<GenerateContentResponse>> {
      checkModel(params.model);
      const warnings = warningsFor(params);
      const body = convertToOpenAIRequest({ ...params, stream: true });
      const events = await postEventStream(request(body, params.config), {
        isPreamble: isOpenAIPreamble,
      });
      return mapEventStream(events, new OpenAIStreamMapper({ secrets }), {
        onFirstChunk: (chunk) => attachWarnings(chunk, warnings),
      });
    },
  };
}

/**
 * Blocking models for `Chat`: `createOpenAIAsyncModels` run in a worker thread. A missing
 * key or URL fails here, in the caller's thread; `fetch` is refused (docs/adapter-template.md).
 * `close()` releases the worker-side models.
 */
export function createOpenAIModels(
  options: Omit<OpenAIProviderOptions, 'fetch'> = {},
): BridgedModels {
  const { apiKey } = resolveOpenAIOptions(options);
  return createBridgedModels({
    provider: OPENAI_PROVIDER,
    module: '@colloquy/provider-openai',
    exportName: 'createOpenAIAsyncModels',
    options: apiKey === undefined ? options : { ...options, apiKey },
    parentUrl: import.meta.url,
  });
}
