import {
  type ApiError,
  type Candidate,
  type Citation,
  GenerateContentResponse,
  InvalidResponseError,
  type Part,
  StreamInterruptedError,
  type UsageMetadata,
} from '@colloquy/chat-core';
import {
  errorFromResponse,
  parseJsonEvent,
  type SseEvent,
  validateResponse,
} from '@colloquy/provider-kit';
import {
  type AnthropicRedactedThinkingBlock,
  type AnthropicTextBlock,
  type AnthropicThinkingBlock,
  type AnthropicToolUseBlock,
  type AnthropicUsage,
  contentBlockStartEventSchema,
  messageDeltaEventSchema,
  messageStartEventSchema,
} from './anthropic-api';
import { citationFromAnthropic, citationsFromAnthropic } from './anthropic-citations';
import { ANTHROPIC_PROVIDER } from './anthropic-options';
import { convertAnthropicUsage } from './convert-anthropic-usage';
import { isServerToolBlock } from './convert-from-anthropic-response';
import { JSON_RESPONSE_TOOL, jsonResponseText } from './json-response-tool';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason';
import { redactedThinkingPart } from './redacted-thinking';
import { markThinkingSignature } from './thinking-signature';

/** The HTTP status each Anthropic error type stands for, for a mid-stream `error` event. */
const STATUS_BY_ERROR_TYPE: ReadonlyMap<string, number> = new Map([
  ['invalid_request_error', 400],
  ['authentication_error', 401],
  ['billing_error', 402],
  ['permission_error', 403],
  ['not_found_error', 404],
  ['request_too_large', 413],
  ['rate_limit_error', 429],
  ['api_error', 500],
  ['timeout_error', 504],
  ['overloaded_error', 529],
]);

/** What the mapper remembers of an open content block. */
interface BlockState {
  type: string;
  /** tool_use: the call's id and name, the input given at the start, the JSON fragments. */
  id?: string;
  name?: string;
  input?: unknown;
  json?: string;
  /** thinking: the signature, emitted when the block stops. */
  signature?: string;
  /** text: the citations of its citations_delta events, emitted when the block stops. */
  citations?: Citation[];
  /** A server-tool block as it started; its streamed input is in `json`. */
  server?: Record<string, unknown>;
}

const NONE: readonly GenerateContentResponse[] = Object.freeze([]);

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Turns Anthropic stream events, one at a time, into `GenerateContentResponse` chunks.
 *
 * - Text and thinking deltas come out at once, one chunk per delta.
 * - A tool call comes out whole when its block stops (its JSON input arrives in fragments).
 * - A thinking block's signature comes out as a last, empty-text thought part when the block
 *   stops, so that the chat's merge of adjacent thought text ends on the signed part.
 * - `message_delta` becomes a chunk with the finish reason and usage and no content. A
 *   refusal (`SAFETY`) or a reply that gave no parts is then invalid by the chat's stream
 *   rules and stays out of the curated history.
 * - An `error` event throws the matching error class; a stream that ends before
 *   `message_stop` fails in `finish()` with `StreamInterruptedError`; a second
 *   `message_start` before it (a spliced stream) throws `InvalidResponseError`.
 */
export class AnthropicStreamMapper {
  private readonly secrets: string[] | undefined;
  private readonly blocks: Array<BlockState | undefined> = [];
  private responseId: string | undefined;
  private modelVersion: string | undefined;
  private startUsage: AnthropicUsage | null | undefined;
  private chunksEmitted = 0;
  private started = false;
  private stopped = false;
  /** The message's `stop_reason`, once its `message_delta` came. */
  stopReason: string | undefined;
  private readonly jsonResponse: { wrapped: boolean } | undefined;
  /** Why a tool call was left out: its input was not whole JSON (as OpenAI's adapter does). */
  private malformed: string | undefined;

  /** `jsonResponse`: the request asked for JSON through the json_response tool (its call is text). */
  constructor(options: { secrets?: string[]; jsonResponse?: { wrapped: boolean } } = {}) {
    this.secrets = options.secrets;
    this.jsonResponse = options.jsonResponse;
  }

  /** `push`, under the name provider-kit's `mapEventStream` calls. */
  map(event: SseEvent): readonly GenerateContentResponse[] {
    return this.push(event);
  }

  /** The chunks one SSE event gives (often none). */
  push(event: SseEvent): readonly GenerateContentResponse[] {
    // Keep-alives are frequent and say nothing: skip them before parsing.
    if (event.event === 'ping' || this.stopped) return NONE;
    const data = parseJsonEvent(event.data, ANTHROPIC_PROVIDER, this.secrets);
    if (!isRecord(data)) throw this.invalid('a stream event that is not a JSON object');
    const type = typeof data.type === 'string' ? data.type : event.event;
    switch (type) {
      case 'content_block_delta':
        return this.onBlockDelta(data);
      case 'content_block_start':
        return this.onBlockStart(data);
      case 'content_block_stop':
        return this.onBlockStop(data);
      case 'message_start':
        return this.onMessageStart(data);
      case 'message_delta':
        return this.onMessageDelta(data);
      case 'message_stop':
        this.stopped = true;
        return NONE;
      case 'error':
        throw this.errorOf(data);
      default:
        // ping, and event types added after this adapter was written.
        return NONE;
    }
  }

  /** Checks the stream ended with `message_stop`; call it when the events run out. */
  finish(): void {
    if (this.stopped) return;
    throw new StreamInterruptedError({
      provider: ANTHROPIC_PROVIDER,
      chunksReceived: this.chunksEmitted,
      message: `The ${ANTHROPIC_PROVIDER} stream ended after ${this.chunksEmitted} chunk(s) without its message_stop event. The partial reply was kept out of the curated history; send the message again.`,
    });
  }

  private onBlockDelta(data: Record<string, unknown>): readonly GenerateContentResponse[] {
    const { index, delta } = data;
    if (typeof index !== 'number' || !isRecord(delta)) {
      throw this.invalid('a content_block_delta event without index or delta');
    }
    switch (delta.type) {
      case 'text_delta':
        if (typeof delta.text !== 'string') throw this.invalid('a text_delta without text');
        return delta.text === '' ? NONE : this.emitPart({ text: delta.text });
      case 'thinking_delta':
        if (typeof delta.thinking !== 'string') {
          throw this.invalid('a thinking_delta without thinking');
        }
        return delta.thinking === ''
          ? NONE
          : this.emitPart({ text: delta.thinking, thought: true });
      case 'input_json_delta': {
        const block = this.blocks[index];
        if (block?.json === undefined) return NONE;
        if (typeof delta.partial_json !== 'string') {
          throw this.invalid('an input_json_delta without partial_json');
        }
        block.json += delta.partial_json;
        return NONE;
      }
      case 'signature_delta': {
        const block = this.blocks[index];
        if (block !== undefined && typeof delta.signature === 'string') {
          block.signature = delta.signature;
        }
        return NONE;
      }
      case 'citations_delta': {
        const block = this.blocks[index];
        if (block !== undefined && isRecord(delta.citation)) {
          block.citations ??= [];
          block.citations.push(citationFromAnthropic(delta.citation));
        }
        return NONE;
      }
      default:
        // Kinds added after this adapter was written.
        return NONE;
    }
  }

  private onBlockStart(data: Record<string, unknown>): readonly GenerateContentResponse[] {
    const { index, content_block: block } = validateResponse(
      contentBlockStartEventSchema,
      data,
      ANTHROPIC_PROVIDER,
    );
    switch (block.type) {
      case 'text': {
        const { text, citations } = block as AnthropicTextBlock;
        this.blocks[index] = { type: 'text', citations: citationsFromAnthropic(citations) };
        return text === '' ? NONE : this.emitPart({ text });
      }
      case 'thinking': {
        const { thinking, signature } = block as AnthropicThinkingBlock;
        this.blocks[index] = { type: 'thinking', signature: signature || undefined };
        return thinking === '' ? NONE : this.emitPart({ text: thinking, thought: true });
      }
      case 'tool_use': {
        const { id, name, input } = block as AnthropicToolUseBlock;
        this.blocks[index] = { type: 'tool_use', id, name, input, json: '' };
        return NONE;
      }
      case 'redacted_thinking':
        this.blocks[index] = { type: 'redacted_thinking' };
        return this.emitPart(redactedThinkingPart((block as AnthropicRedactedThinkingBlock).data));
      default:
        this.blocks[index] = isServerToolBlock(block.type)
          ? { type: block.type, server: block, json: '' }
          : { type: block.type };
        return NONE;
    }
  }

  private onBlockStop(data: Record<string, unknown>): readonly GenerateContentResponse[] {
    const { index } = data;
    if (typeof index !== 'number') throw this.invalid('a content_block_stop event without index');
    const block = this.blocks[index];
    this.blocks[index] = undefined;
    if (block?.type === 'tool_use') {
      let args = block.input;
      if (block.json !== '' && block.json !== undefined) {
        try {
          args = parseJsonEvent(block.json, ANTHROPIC_PROVIDER, this.secrets);
        } catch (error) {
          if (!InvalidResponseError.isInstance(error)) throw error;
          // A reply cut at max_tokens ends inside the input (recorded traffic): the call is
          // left out and the turn ends MALFORMED_FUNCTION_CALL, the rest of the reply kept.
          this.malformed = `${ANTHROPIC_PROVIDER} sent the input of the tool call "${block.name ?? ''}" cut short or malformed, so the call was left out.`;
          return NONE;
        }
      }
      if (args !== undefined && args !== null && !isRecord(args)) {
        throw this.invalid(`tool_use input for "${block.name}" that is not a JSON object`);
      }
      if (this.jsonResponse && block.name === JSON_RESPONSE_TOOL) {
        return this.emitPart({ text: jsonResponseText(args, this.jsonResponse.wrapped) });
      }
      return this.emitPart({
        functionCall: { id: block.id, name: block.name ?? '', args: args ?? {} },
      });
    }
    if (block?.server !== undefined) {
      // Its input streams as JSON like a tool call's; the result blocks come whole.
      const data = { ...block.server };
      if (block.json) data.input = parseJsonEvent(block.json, ANTHROPIC_PROVIDER, this.secrets);
      return this.emitPart({ providerBlock: { provider: ANTHROPIC_PROVIDER, data } });
    }
    if (block?.type === 'text' && block.citations !== undefined) {
      // Empty text carrying the citations: the chat moves them onto the block's text.
      return this.emitPart({ text: '', citations: block.citations });
    }
    if (block?.type === 'thinking' && block.signature) {
      return this.emitPart({
        text: '',
        thought: true,
        thoughtSignature: markThinkingSignature(block.signature),
      });
    }
    return NONE;
  }

  private onMessageStart(data: Record<string, unknown>): readonly GenerateContentResponse[] {
    const { message } = validateResponse(messageStartEventSchema, data, ANTHROPIC_PROVIDER);
    if (this.started) {
      // Two messages spliced into one stream (seen in recorded traffic, e.g. from a proxy
      // that retried): neither is whole, so the turn fails rather than mixing them.
      throw new InvalidResponseError({
        provider: ANTHROPIC_PROVIDER,
        message: `${ANTHROPIC_PROVIDER} sent a second message_start (message ${JSON.stringify(message.id ?? '')}) before the message_stop of message ${JSON.stringify(this.responseId ?? '')}: two replies were spliced into one stream. Nothing of it was kept in the curated history; send the message again.`,
      });
    }
    this.started = true;
    this.responseId = message.id ?? undefined;
    this.modelVersion = message.model ?? undefined;
    this.startUsage = message.usage;
    return NONE;
  }

  private onMessageDelta(data: Record<string, unknown>): readonly GenerateContentResponse[] {
    const { delta, usage } = validateResponse(messageDeltaEventSchema, data, ANTHROPIC_PROVIDER);
    const stopReason = delta?.stop_reason;
    if (stopReason) this.stopReason = stopReason;
    const candidate: Candidate = { index: 0 };
    const finishReason = mapAnthropicFinishReason(stopReason);
    if (finishReason) candidate.finishReason = finishReason;
    if (this.malformed !== undefined) {
      candidate.finishReason = 'MALFORMED_FUNCTION_CALL';
      candidate.finishMessage = `${this.malformed} Stop reason: ${stopReason ?? 'none'}.`;
    }
    // message_delta counts are cumulative; the input side may only be in message_start.
    const start = this.startUsage;
    const merged: AnthropicUsage | undefined =
      usage || start
        ? {
            input_tokens: usage?.input_tokens ?? start?.input_tokens,
            output_tokens: usage?.output_tokens ?? start?.output_tokens,
            cache_creation_input_tokens:
              usage?.cache_creation_input_tokens ?? start?.cache_creation_input_tokens,
            cache_read_input_tokens:
              usage?.cache_read_input_tokens ?? start?.cache_read_input_tokens,
          }
        : undefined;
    return [this.chunk(candidate, convertAnthropicUsage(merged))];
  }

  private emitPart(part: Part): readonly GenerateContentResponse[] {
    return [this.chunk({ content: { role: 'model', parts: [part] }, index: 0 })];
  }

  private chunk(candidate: Candidate, usage?: UsageMetadata): GenerateContentResponse {
    this.chunksEmitted++;
    return new GenerateContentResponse({
      candidates: [candidate],
      usageMetadata: usage,
      // Empty strings (some compatible servers) are left out.
      modelVersion: this.modelVersion || undefined,
      responseId: this.responseId || undefined,
    });
  }

  private errorOf(data: Record<string, unknown>): ApiError {
    const error = isRecord(data.error) ? data.error : {};
    const type = typeof error.type === 'string' ? error.type : '';
    const headers = new Headers();
    // The event may name its request, as the response headers would.
    const requestId = data.request_id;
    if (typeof requestId === 'string' && /^[\w.:-]{1,200}$/.test(requestId)) {
      headers.set('request-id', requestId);
    }
    return errorFromResponse({
      provider: ANTHROPIC_PROVIDER,
      // An unknown type is still the server failing the request.
      status: STATUS_BY_ERROR_TYPE.get(type) ?? 500,
      headers,
      bodyText: JSON.stringify(data),
      secrets: this.secrets,
    });
  }

  private invalid(what: string): InvalidResponseError {
    return new InvalidResponseError({
      provider: ANTHROPIC_PROVIDER,
      message: `${ANTHROPIC_PROVIDER} sent ${what}. The provider's API may have changed; update the adapter, or report it.`,
    });
  }
}
