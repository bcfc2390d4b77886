import {
  type AsyncModels,
  ConfigurationError,
  type GenerateContentParameters,
  type GenerateContentResponse,
  type TransportConfig,
} from '@colloquy/chat-core';
import {
  type HttpRequest,
  mapEventStream,
  postEventStream,
  postJson,
  validateResponse,
} from '@colloquy/provider-kit';
import { type BridgedModels, createBridgedModels } from '@colloquy/sync-bridge';
import { convertFromOpenAIResponse } from './convert-from-openai-response';
import { convertToOpenAIRequest } from './convert-to-openai-request';
import { errorFromOpenAIEvent } from './error-from-openai-event';
import { isOpenAIPreamble } from './is-openai-preamble';
import { openAIChatCompletionSchema } from './openai-api';
import {
  OPENAI_PROVIDER,
  type OpenAIEndpoint,
  type OpenAIProviderOptions,
  resolveOpenAIEndpoint,
} from './openai-options';
import { OpenAIStreamMapper } from './openai-stream-mapper';

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

class OpenAIAsyncModels implements AsyncModels {
  // #private: options and endpoint hold the API key, which must not show in
  // util.inspect, JSON.stringify or console.log of the models (or a chat holding them).
  readonly #options: OpenAIProviderOptions;
  readonly #endpoint: OpenAIEndpoint;

  constructor(options: OpenAIProviderOptions, endpoint: OpenAIEndpoint) {
    this.#options = options;
    this.#endpoint = endpoint;
  }

  private request(body: unknown, config: TransportConfig | undefined): HttpRequest {
    const { url, headers, secrets } = this.#endpoint;
    const request: HttpRequest = {
      provider: OPENAI_PROVIDER,
      url,
      headers,
      body,
      settings: this.#options,
      secrets,
    };
    if (config !== undefined) request.config = config;
    return request;
  }

  async generateContent(params: GenerateContentParameters): Promise<GenerateContentResponse> {
    checkModel(params.model);
    const body = convertToOpenAIRequest({ ...params, stream: false });
    const { value } = await postJson(this.request(body, params.config));
    throwIfErrorBody(value, this.#endpoint.secrets);
    const response = validateResponse(openAIChatCompletionSchema, value, OPENAI_PROVIDER);
    return convertFromOpenAIResponse(response);
  }

  async generateContentStream(
    params: GenerateContentParameters,
  ): Promise<AsyncIterable<GenerateContentResponse>> {
    checkModel(params.model);
    const body = convertToOpenAIRequest({ ...params, stream: true });
    const events = await postEventStream(this.request(body, params.config), {
      isPreamble: isOpenAIPreamble,
    });
    return mapEventStream(events, new OpenAIStreamMapper({ secrets: this.#endpoint.secrets }));
  }
}

/**
 * Async models over OpenAI Chat Completions, or any compatible server (`baseUrl`), or Azure
 * OpenAI (`azure`). Resolves the URL and the API key now, so a missing key fails here.
 */
export function createOpenAIAsyncModels(options: OpenAIProviderOptions = {}): AsyncModels {
  return new OpenAIAsyncModels({ ...options }, resolveOpenAIEndpoint(options));
}

/**
 * Blocking models for `Chat`: `createOpenAIAsyncModels` run in a worker thread. `options`
 * must be structured-cloneable (no `fetch`). The key is checked here too, to fail fast.
 * `close()` releases the worker-side models.
 */
export function createOpenAIModels(options: OpenAIProviderOptions = {}): BridgedModels {
  resolveOpenAIEndpoint(options);
  return createBridgedModels({
    module: '@colloquy/provider-openai',
    exportName: 'createOpenAIAsyncModels',
    options,
    parentUrl: import.meta.url,
  });
}
