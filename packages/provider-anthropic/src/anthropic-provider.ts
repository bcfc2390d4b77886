import type {
  AsyncModels,
  GenerateContentParameters,
  GenerateContentResponse,
} from '@colloquy/chat-core';
import {
  type HttpRequest,
  mapEventStream,
  postEventStream,
  postJson,
  resolveApiKey,
  validateResponse,
} from '@colloquy/provider-kit';
import { type BridgedModels, createBridgedModels } from '@colloquy/sync-bridge';
import { anthropicMessageSchema } from './anthropic-api';
import {
  ANTHROPIC_API_KEY_ENV_VARS,
  ANTHROPIC_PROVIDER,
  type AnthropicProviderOptions,
  resolveAnthropicOptions,
} from './anthropic-options';
import { AnthropicStreamMapper } from './anthropic-stream-mapper';
import { convertFromAnthropicResponse } from './convert-from-anthropic-response';
import { convertToAnthropicRequest } from './convert-to-anthropic-request';
import { isAnthropicPreamble } from './is-anthropic-preamble';

function resolveKey(options: AnthropicProviderOptions): string {
  return resolveApiKey({
    provider: ANTHROPIC_PROVIDER,
    apiKey: options.apiKey,
    envVars: ANTHROPIC_API_KEY_ENV_VARS,
  });
}

/**
 * Asynchronous models over the Anthropic Messages API (`POST {baseUrl}/v1/messages`). The
 * API key is resolved now (the `apiKey` option, else `ANTHROPIC_API_KEY`), so a missing key
 * fails here rather than on the first message. The key travels only in the `x-api-key` header.
 */
export function createAnthropicAsyncModels(options: AnthropicProviderOptions = {}): AsyncModels {
  const apiKey = resolveKey(options);
  const resolved = resolveAnthropicOptions(options);
  const headers = { 'x-api-key': apiKey, 'anthropic-version': resolved.anthropicVersion };
  const secrets = [apiKey];

  function request(params: GenerateContentParameters, stream: boolean): HttpRequest {
    return {
      provider: ANTHROPIC_PROVIDER,
      url: resolved.messagesUrl,
      headers,
      body: convertToAnthropicRequest({
        model: params.model,
        contents: params.contents,
        config: params.config,
        defaultMaxTokens: resolved.defaultMaxTokens,
        leadingUserText: resolved.leadingUserText,
        stream,
      }),
      settings: options,
      config: params.config,
      secrets,
    };
  }

  return {
    async generateContent(params) {
      const { value } = await postJson(request(params, false));
      const message = validateResponse(anthropicMessageSchema, value, ANTHROPIC_PROVIDER);
      return convertFromAnthropicResponse(message);
    },
    async generateContentStream(params): Promise<AsyncIterable<GenerateContentResponse>> {
      const events = await postEventStream(request(params, true), {
        isPreamble: isAnthropicPreamble,
      });
      return mapEventStream(events, new AnthropicStreamMapper({ secrets }));
    },
  };
}

/**
 * Blocking models over the Anthropic Messages API, for `Chat`: the async models run in a
 * worker thread (`@colloquy/sync-bridge`). Options must be structured-cloneable, so there is
 * no `fetch` option here. The key is resolved now, in the caller's thread, and handed to the
 * worker. `close()` releases the worker-side models.
 */
export function createAnthropicModels(
  options: Omit<AnthropicProviderOptions, 'fetch'> = {},
): BridgedModels {
  const apiKey = resolveKey(options);
  resolveAnthropicOptions(options);
  return createBridgedModels({
    module: '@colloquy/provider-anthropic',
    exportName: 'createAnthropicAsyncModels',
    options: { ...options, apiKey },
    parentUrl: import.meta.url,
  });
}
