import type { NeutralMessage } from '../neutral-request';
import { splitFixed } from '../split-text';
import type {
  HttpReply,
  ParseResult,
  ProviderEmulation,
  RenderContext,
  ReplyContent,
  WireEvent,
} from './provider-emulation';
import {
  base62Alphabet,
  estimateTokens,
  fakeId,
  isRecord,
  jsonTemplate,
  modelOf,
  promptTokens,
  textOfParts,
} from './render-helpers';

/** Anthropic error `type` by HTTP status. */
const errorTypes: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

function defaultMessage(status: number, model: string): string {
  switch (status) {
    case 401:
      return 'invalid x-api-key';
    case 403:
      return 'Your API key does not have permission to use the specified resource.';
    case 404:
      return `model: ${model}`;
    case 413:
      return 'Request exceeds the maximum allowed number of bytes.';
    case 429:
      return 'This request would exceed the rate limit for your organization of 50 input tokens per minute.';
    case 529:
      return 'Overloaded';
    default:
      return status >= 500 ? 'Internal server error' : 'Invalid request.';
  }
}

function requestId(context: RenderContext): string {
  return fakeId('req_011C', context.sequence, 20, base62Alphabet);
}

function messageId(context: RenderContext): string {
  return fakeId('msg_01', context.sequence, 22, base62Alphabet);
}

function toolUseId(
  call: ReplyContent['functionCalls'][number],
  index: number,
  context: RenderContext,
) {
  return call.id ?? fakeId('toolu_01', context.sequence * 64 + index, 22, base62Alphabet);
}

function errorReplyOf(
  status: number,
  type: string,
  message: string,
  context: RenderContext,
): HttpReply {
  const id = requestId(context);
  return {
    status,
    headers: { 'content-type': 'application/json', 'request-id': id },
    body: JSON.stringify({ type: 'error', error: { type, message }, request_id: id }),
  };
}

function stopReason(content: ReplyContent): string | null {
  if (!content.terminated) return null;
  if (content.blocked) return 'refusal';
  return content.functionCalls.length > 0 ? 'tool_use' : 'end_turn';
}

function inputTokens(context: RenderContext): number {
  return context.request === undefined
    ? 1
    : promptTokens(context.request.messages.map((m) => m.text));
}

function outputTokens(content: ReplyContent): number {
  const calls = content.functionCalls.map((call) => call.name + JSON.stringify(call.args)).join('');
  return Math.max(1, estimateTokens(content.textPieces.join('') + calls));
}

function usage(input: number, output: number): Record<string, unknown> {
  return {
    input_tokens: input,
    cache_creation_input_tokens: 0,
    cache_read_input_tokens: 0,
    output_tokens: output,
    service_tier: 'standard',
  };
}

function blocksOf(content: unknown): unknown[] {
  if (typeof content === 'string') return [{ type: 'text', text: content }];
  return Array.isArray(content) ? content : [];
}

function parseMessages(raw: unknown[]): NeutralMessage[] | string {
  const messages: NeutralMessage[] = [];
  for (const [index, message] of raw.entries()) {
    if (!isRecord(message)) return `messages.${index}: Input should be a valid dictionary`;
    if (message.role !== 'user' && message.role !== 'assistant') {
      return `messages.${index}.role: Input should be 'user' or 'assistant'`;
    }
    const blocks = blocksOf(message.content);
    let toolCalls = 0;
    let toolResults = 0;
    for (const block of blocks) {
      // The real API refuses blank text blocks, in any turn (400 invalid_request_error).
      if (isRecord(block) && block.type === 'text' && typeof block.text === 'string') {
        if (block.text === '') return 'messages: text content blocks must be non-empty';
        if (block.text.trim() === '') {
          return 'messages: text content blocks must contain non-whitespace text';
        }
      }
      if (isRecord(block) && block.type === 'tool_use') toolCalls++;
      if (isRecord(block) && block.type === 'tool_result') toolResults++;
    }
    messages.push({ role: message.role, text: textOfParts(blocks), toolCalls, toolResults });
  }
  return messages;
}

function toolNamesOf(tools: unknown): string[] {
  if (!Array.isArray(tools)) return [];
  const names: string[] = [];
  for (const tool of tools) {
    if (isRecord(tool) && typeof tool.name === 'string') names.push(tool.name);
  }
  return names;
}

function event(type: string, value: unknown): WireEvent {
  return { event: type, data: JSON.stringify(value) };
}

/** Anthropic Messages (`api.anthropic.com/v1/messages`). */
export const anthropicEmulation: ProviderEmulation = {
  name: 'anthropic',
  defaultOrigin: 'https://api.anthropic.com',
  sdkBasePath: '',
  authHeaders: ['x-api-key', 'authorization'],
  authQueryParameters: [],
  preambleEvents: 3,
  requestIdHeader: 'request-id',

  matchRoute(method, pathname) {
    if (method !== 'POST' || pathname !== '/v1/messages') return undefined;
    return { stream: false };
  },

  sentKey(headers) {
    return headers['x-api-key'];
  },

  authFailure(sentKey, context) {
    const message =
      sentKey === undefined || sentKey === ''
        ? 'x-api-key header is required'
        : 'invalid x-api-key';
    return errorReplyOf(401, 'authentication_error', message, context);
  },

  checkHeaders(headers, context) {
    if (headers['anthropic-version'] !== undefined) return undefined;
    return errorReplyOf(
      400,
      'invalid_request_error',
      'anthropic-version: header is required',
      context,
    );
  },

  parseRequest(body): ParseResult {
    if (!isRecord(body)) return { ok: false, message: 'Input should be a valid dictionary' };
    if (typeof body.model !== 'string') return { ok: false, message: 'model: Field required' };
    if (typeof body.max_tokens !== 'number') {
      return { ok: false, message: 'max_tokens: Field required' };
    }
    if (!Array.isArray(body.messages)) return { ok: false, message: 'messages: Field required' };
    const messages = parseMessages(body.messages);
    if (typeof messages === 'string') return { ok: false, message: messages };
    if (body.system !== undefined) {
      const text =
        typeof body.system === 'string' ? body.system : textOfParts(blocksOf(body.system));
      messages.unshift({ role: 'system', text, toolCalls: 0, toolResults: 0 });
    }
    return {
      ok: true,
      request: {
        model: body.model,
        stream: body.stream === true,
        messages,
        toolNames: toolNamesOf(body.tools),
        hasToolResults: messages.some((message) => message.toolResults > 0),
        includeUsage: false,
      },
    };
  },

  errorReply(status, message, context) {
    const type = errorTypes[status] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
    return errorReplyOf(status, type, message ?? defaultMessage(status, modelOf(context)), context);
  },

  echoKeyReply(key, context) {
    return errorReplyOf(401, 'authentication_error', `invalid x-api-key: ${key}`, context);
  },

  successHeaders(context) {
    return {
      'content-type': context.route.stream
        ? 'text/event-stream; charset=utf-8'
        : 'application/json',
      'request-id': requestId(context),
    };
  },

  renderJson(content, context) {
    const blocks: unknown[] = [];
    const text = content.textPieces.join('');
    if (text !== '' && !content.blocked) blocks.push({ type: 'text', text });
    content.functionCalls.forEach((call, index) => {
      blocks.push({
        type: 'tool_use',
        id: toolUseId(call, index, context),
        name: call.name,
        input: call.args,
      });
    });
    return JSON.stringify({
      id: messageId(context),
      type: 'message',
      role: 'assistant',
      model: modelOf(context),
      content: blocks,
      stop_reason: stopReason(content),
      stop_sequence: null,
      usage: usage(inputTokens(context), outputTokens(content)),
    });
  },

  renderEvents(content, context) {
    const events: WireEvent[] = [];
    events.push(
      event('message_start', {
        type: 'message_start',
        message: {
          id: messageId(context),
          type: 'message',
          role: 'assistant',
          model: modelOf(context),
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: usage(inputTokens(context), 1),
        },
      }),
    );
    const ping = event('ping', { type: 'ping' });
    let pinged = false;
    let index = 0;
    if (content.textPieces.length > 0 && !content.blocked) {
      events.push(
        event('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: { type: 'text', text: '' },
        }),
      );
      // The API sends its ping right after the first block opens.
      events.push(ping);
      pinged = true;
      const blockIndex = index;
      const render = jsonTemplate((text) => ({
        type: 'content_block_delta',
        index: blockIndex,
        delta: { type: 'text_delta', text },
      }));
      for (const piece of content.textPieces)
        events.push({ event: 'content_block_delta', data: render(piece) });
      events.push(event('content_block_stop', { type: 'content_block_stop', index }));
      index++;
    }
    content.functionCalls.forEach((call, callIndex) => {
      events.push(
        event('content_block_start', {
          type: 'content_block_start',
          index,
          content_block: {
            type: 'tool_use',
            id: toolUseId(call, callIndex, context),
            name: call.name,
            input: {},
          },
        }),
      );
      if (!pinged) {
        events.push(ping);
        pinged = true;
      }
      // The first input_json_delta of a real stream is empty.
      for (const fragment of ['', ...splitFixed(JSON.stringify(call.args), 12)]) {
        events.push(
          event('content_block_delta', {
            type: 'content_block_delta',
            index,
            delta: { type: 'input_json_delta', partial_json: fragment },
          }),
        );
      }
      events.push(event('content_block_stop', { type: 'content_block_stop', index }));
      index++;
    });
    if (!pinged) events.push(ping);
    if (!content.terminated) return events;
    events.push(
      event('message_delta', {
        type: 'message_delta',
        delta: { stop_reason: stopReason(content), stop_sequence: null },
        usage: { output_tokens: outputTokens(content) },
      }),
    );
    events.push(event('message_stop', { type: 'message_stop' }));
    return events;
  },

  frameEvents(events) {
    return events.map((wire) => `event: ${wire.event ?? 'message'}\ndata: ${wire.data}\n\n`);
  },

  inStreamError(message) {
    return {
      event: event('error', {
        type: 'error',
        error: { type: 'overloaded_error', message: message ?? 'Overloaded' },
      }),
      status: 529,
    };
  },

  malformedEvent() {
    return {
      event: 'content_block_delta',
      data: '{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"trunc',
    };
  },
};
