import type { AsyncModels, GenerateContentResponse } from '@colloquy/chat-core';
import { type GenerateContentParameters, SPECIFICATION_VERSION } from '@colloquy/chat-core/spec';
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
import { anthropicMessageSchema } from './anthropic-api';
import {
  ANTHROPIC_PROVIDER,
  type AnthropicProviderOptions,
  resolveAnthropicOptions,
} from './anthropic-options';
import { AnthropicStreamMapper } from './anthropic-stream-mapper';
import { ANTHROPIC_UNSUPPORTED_SETTINGS } from './anthropic-unsupported-settings';
import { convertFromAnthropicResponse } from './convert-from-anthropic-response';
import { convertToAnthropicRequest } from './convert-to-anthropic-request';
import { isAnthropicPreamble } from './is-anthropic-preamble';
import { jsonResponseToolOf } from './json-response-tool';
import { isForeignThought } from './thinking-signature';

/**
 * Asynchronous models over the Anthropic Messages API (`POST {baseUrl}/v1/messages`). The
 * API key is resolved now (the `apiKey` option, else `ANTHROPIC_API_KEY`), so a missing key
 * fails here rather than on the first message. The key travels only in the `x-api-key` header.
 */
export function createAnthropicAsyncModels(options: AnthropicProviderOptions = {}): AsyncModels {
  const resolved = resolveAnthropicOptions(options);
  const headers = { 'x-api-key': resolved.apiKey, 'anthropic-version': resolved.anthropicVersion };
  const secrets = [resolved.apiKey];
  // A copy: later changes to the caller's object do not reach requests already configured.
  const settings = { ...options };

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
      settings,
      config: params.config,
      secrets,
    };
  }

  // Before anything is sent: with config.strict these throw.
  const warningsFor = (params: GenerateContentParameters) =>
    settingWarnings(
      params.config,
      ANTHROPIC_PROVIDER,
      ANTHROPIC_UNSUPPORTED_SETTINGS,
      foreignThoughtWarnings(params.contents, ANTHROPIC_PROVIDER, isForeignThought),
    );
  // A JSON reply comes as a call of the json_response tool, which the converters make text.
  const jsonResponseOf = (params: GenerateContentParameters) => {
    const json = jsonResponseToolOf(params.config);
    return json && { wrapped: json.wrapped };
  };

  return {
    specificationVersion: SPECIFICATION_VERSION,
    provider: ANTHROPIC_PROVIDER,
    async generateContent(params) {
      const warnings = warningsFor(params);
      const { value } = await postJson(request(params, false));
      const message = validateResponse(anthropicMessageSchema, value, ANTHROPIC_PROVIDER);
      return attachWarnings(
        convertFromAnthropicResponse(message, { jsonResponse: jsonResponseOf(params) }),
        warnings,
      );
    },
    async generateContentStream(params): Promise<AsyncIterable<GenerateContentResponse>> {
      const warnings = warningsFor(params);
      const events = await postEventStream(request(params, true), {
        isPreamble: isAnthropicPreamble,
      });
      return mapEventStream(
        events,
        new AnthropicStreamMapper({ secrets, jsonResponse: jsonResponseOf(params) }),
        {
          onFirstChunk: (chunk) => attachWarnings(chunk, warnings),
        },
      );
    },
  };
}

/**
 * Blocking models for `Chat`: `createAnthropicAsyncModels` run in a worker thread. A missing
 * key or option fails here, in the caller's thread; `fetch` is refused (docs/adapter-template.md).
 * `close()` releases the worker-side models.
 */
export function createAnthropicModels(
  options: Omit<AnthropicProviderOptions, 'fetch'> = {},
): BridgedModels {
  const { apiKey } = resolveAnthropicOptions(options);
  return createBridgedModels({
    provider: ANTHROPIC_PROVIDER,
    module: '@colloquy/provider-anthropic',
    exportName: 'createAnthropicAsyncModels',
    options: { ...options, apiKey },
    parentUrl: import.meta.url,
  });
}
