import {
  type AsyncModels,
  type Content,
  type GenerateContentResponse,
  InvalidResponseError,
  type Part,
} from '@colloquy/chat-core';
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
import { addUsage, MAX_PAUSE_CONTINUATIONS, pausedTurn } from './paused-turn';
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

  /** `paused`: the parts of a paused reply, sent back so that Anthropic continues it. */
  function request(
    params: GenerateContentParameters,
    stream: boolean,
    paused: readonly Part[] = [],
  ): HttpRequest {
    const contents: readonly Content[] =
      paused.length === 0 ? params.contents : [...params.contents, pausedTurn(paused)];
    return {
      provider: ANTHROPIC_PROVIDER,
      url: resolved.messagesUrl,
      headers,
      body: convertToAnthropicRequest({
        model: params.model,
        contents,
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
      // A paused turn (pause_turn) is sent back until Anthropic finishes it; the reply is
      // every round's parts, with every round's tokens.
      const paused: Part[] = [];
      let usage: GenerateContentResponse['usageMetadata'];
      for (let round = 0; ; round++) {
        const { value } = await postJson(request(params, false, paused));
        const message = validateResponse(anthropicMessageSchema, value, ANTHROPIC_PROVIDER);
        const response = convertFromAnthropicResponse(message, {
          jsonResponse: jsonResponseOf(params),
        });
        const parts = response.candidates?.[0]?.content?.parts ?? [];
        usage = addUsage(usage, response.usageMetadata);
        if (message.stop_reason !== 'pause_turn') {
          const content = response.candidates?.[0]?.content;
          if (content && paused.length > 0) content.parts = [...paused, ...parts];
          if (usage) response.usageMetadata = usage;
          return attachWarnings(response, warnings);
        }
        if (round === MAX_PAUSE_CONTINUATIONS) {
          throw new InvalidResponseError({
            provider: ANTHROPIC_PROVIDER,
            message: `${ANTHROPIC_PROVIDER} paused the turn (pause_turn) ${round + 1} times; the adapter continues it at most ${MAX_PAUSE_CONTINUATIONS} times. Nothing of it was kept; send the message again, or lower the server tools' max_uses.`,
          });
        }
        paused.push(...parts);
      }
    },
    async generateContentStream(params): Promise<AsyncIterable<GenerateContentResponse>> {
      const warnings = warningsFor(params);
      const open = async (paused: readonly Part[]) => {
        const mapper = new AnthropicStreamMapper({
          secrets,
          jsonResponse: jsonResponseOf(params),
        });
        const events = await postEventStream(request(params, true, paused), {
          isPreamble: isAnthropicPreamble,
        });
        return { mapper, chunks: mapEventStream(events, mapper) };
      };
      // The first request is made now, so that its errors reach the caller of this method.
      const first = await open([]);
      return continuePausedStream(first, open, warnings);
    },
  };
}

interface OpenStream {
  mapper: AnthropicStreamMapper;
  chunks: AsyncIterable<GenerateContentResponse>;
}

/**
 * The chunks of a streamed reply, continued while Anthropic pauses it: a paused message
 * ends without a finish reason, and the next request (the paused parts sent back) streams
 * on into the same turn. Still paused after `MAX_PAUSE_CONTINUATIONS`, the stream ends with
 * no finish reason, which the chat records as an unfinished (invalid) turn.
 */
async function* continuePausedStream(
  first: OpenStream,
  open: (paused: readonly Part[]) => Promise<OpenStream>,
  warnings: ReturnType<typeof settingWarnings>,
): AsyncGenerator<GenerateContentResponse> {
  const paused: Part[] = [];
  let current = first;
  let firstChunk = true;
  // Tokens of the rounds before this one: each request is billed, and the turn's usage is
  // its last chunk's, so later rounds' counts include them.
  let earlier: GenerateContentResponse['usageMetadata'];
  for (let round = 0; ; round++) {
    let usage: GenerateContentResponse['usageMetadata'];
    for await (const chunk of current.chunks) {
      if (firstChunk) {
        attachWarnings(chunk, warnings);
        firstChunk = false;
      }
      if (chunk.usageMetadata) {
        usage = chunk.usageMetadata;
        const total = addUsage(earlier, usage);
        if (total) chunk.usageMetadata = total;
      }
      const parts = chunk.candidates?.[0]?.content?.parts;
      if (parts) paused.push(...parts);
      yield chunk;
    }
    if (current.mapper.stopReason !== 'pause_turn' || round === MAX_PAUSE_CONTINUATIONS) return;
    earlier = addUsage(earlier, usage);
    current = await open(paused);
  }
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
