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
  hexAlphabet,
  isRecord,
  jsonTemplate,
  modelOf,
  promptTokens,
  textOfParts,
} from './render-helpers';

/** A fixed creation time keeps every body reproducible. */
const createdBase = 1_750_000_000;

function requestId(context: RenderContext): string {
  return fakeId('req_', context.sequence, 32, hexAlphabet);
}

function completionId(context: RenderContext): string {
  return fakeId('chatcmpl-', context.sequence, 29, base62Alphabet);
}

function callId(
  call: ReplyContent['functionCalls'][number],
  index: number,
  context: RenderContext,
): string {
  return call.id ?? fakeId('call_', context.sequence * 64 + index, 24, base62Alphabet);
}

function errorTypeAndCode(status: number): { type: string; code: string | null } {
  switch (status) {
    case 401:
      return { type: 'invalid_request_error', code: 'invalid_api_key' };
    case 403:
      return { type: 'request_forbidden', code: 'unsupported_country_region_territory' };
    case 404:
      return { type: 'invalid_request_error', code: 'model_not_found' };
    case 429:
      return { type: 'requests', code: 'rate_limit_exceeded' };
    default:
      return status >= 500
        ? { type: 'server_error', code: null }
        : { type: 'invalid_request_error', code: null };
  }
}

function defaultMessage(status: number, model: string): string {
  switch (status) {
    case 400:
      return 'Invalid request.';
    case 401:
      return 'Incorrect API key provided. You can find your API key at https://platform.openai.com/account/api-keys.';
    case 403:
      return 'Country, region, or territory not supported';
    case 404:
      return `The model \`${model}\` does not exist or you do not have access to it.`;
    case 429:
      return `Rate limit reached for ${model} in organization org-fake on requests per min (RPM): Limit 3, Used 3, Requested 1. Please try again in 20s.`;
    case 503:
      return 'The server is overloaded or not ready yet.';
    default:
      return status >= 500
        ? 'The server had an error while processing your request. Sorry about that!'
        : 'Invalid request.';
  }
}

function errorJson(
  message: string,
  type: string,
  code: string | null,
  param: string | null = null,
) {
  return JSON.stringify({ error: { message, type, param, code } });
}

function errorReplyOf(status: number, body: string, context: RenderContext): HttpReply {
  return {
    status,
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'x-request-id': requestId(context),
    },
    body,
  };
}

/** OpenAI shows a masked key in its 401 message: a prefix, stars, the last four characters. */
function maskKey(key: string): string {
  if (key.length <= 8) return '*'.repeat(key.length);
  return `${key.slice(0, 3)}${'*'.repeat(Math.min(key.length - 7, 40))}${key.slice(-4)}`;
}

function finishReason(content: ReplyContent): string | null {
  if (!content.terminated) return null;
  if (content.blocked) return 'content_filter';
  return content.functionCalls.length > 0 ? 'tool_calls' : 'stop';
}

function usage(content: ReplyContent, context: RenderContext): Record<string, unknown> {
  const prompt =
    context.request === undefined ? 1 : promptTokens(context.request.messages.map((m) => m.text));
  const calls = content.functionCalls.map((call) => call.name + JSON.stringify(call.args)).join('');
  const completion = estimateTokens(content.textPieces.join('') + calls);
  return {
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: {
      reasoning_tokens: 0,
      audio_tokens: 0,
      accepted_prediction_tokens: 0,
      rejected_prediction_tokens: 0,
    },
  };
}

function parseMessages(raw: unknown[]): NeutralMessage[] | string {
  const messages: NeutralMessage[] = [];
  for (const [index, message] of raw.entries()) {
    if (!isRecord(message)) return `Invalid type for 'messages[${index}]': expected an object.`;
    const content = message.content;
    const text =
      typeof content === 'string' ? content : Array.isArray(content) ? textOfParts(content) : '';
    switch (message.role) {
      case 'system':
      case 'developer':
        messages.push({ role: 'system', text, toolCalls: 0, toolResults: 0 });
        break;
      case 'user':
        messages.push({ role: 'user', text, toolCalls: 0, toolResults: 0 });
        break;
      case 'assistant': {
        const toolCalls = Array.isArray(message.tool_calls) ? message.tool_calls.length : 0;
        messages.push({ role: 'assistant', text, toolCalls, toolResults: 0 });
        break;
      }
      case 'tool':
      case 'function':
        // A tool result is the user's side of the conversation; its content is not user text.
        messages.push({ role: 'user', text: '', toolCalls: 0, toolResults: 1 });
        break;
      default:
        return `Invalid value: '${String(message.role)}'. Supported values are: 'system', 'assistant', 'user', 'function', 'tool', and 'developer'.`;
    }
  }
  return messages;
}

function toolNamesOf(tools: unknown): string[] {
  if (!Array.isArray(tools)) return [];
  const names: string[] = [];
  for (const tool of tools) {
    if (isRecord(tool) && isRecord(tool.function) && typeof tool.function.name === 'string') {
      names.push(tool.function.name);
    }
  }
  return names;
}

/** OpenAI Chat Completions (`api.openai.com/v1/chat/completions`). */
export const openaiEmulation: ProviderEmulation = {
  name: 'openai',
  defaultOrigin: 'https://api.openai.com',
  sdkBasePath: '/v1',
  authHeaders: ['authorization', 'api-key'],
  authQueryParameters: [],
  preambleEvents: 1,
  requestIdHeader: 'x-request-id',

  matchRoute(method, pathname) {
    if (method !== 'POST' || pathname !== '/v1/chat/completions') return undefined;
    // The body says whether to stream; parseRequest fills it in.
    return { stream: false };
  },

  sentKey(headers) {
    const authorization = headers.authorization;
    if (authorization === undefined) return undefined;
    const match = /^Bearer\s+(.*)$/i.exec(authorization);
    return match?.[1] ?? '';
  },

  authFailure(sentKey, context) {
    if (sentKey === undefined || sentKey === '') {
      const message =
        "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY), or as the password field (i.e. Authorization: Basic YOUR_KEY) when using HTTP Basic Auth. You can obtain an API key from https://platform.openai.com/account/api-keys.";
      return errorReplyOf(401, errorJson(message, 'invalid_request_error', null), context);
    }
    const message = `Incorrect API key provided: ${maskKey(sentKey)}. You can find your API key at https://platform.openai.com/account/api-keys.`;
    return errorReplyOf(
      401,
      errorJson(message, 'invalid_request_error', 'invalid_api_key'),
      context,
    );
  },

  checkHeaders() {
    return undefined;
  },

  parseRequest(body): ParseResult {
    if (!isRecord(body)) {
      return { ok: false, message: 'We could not parse the JSON body of your request.' };
    }
    if (typeof body.model !== 'string') {
      return { ok: false, message: "Missing required parameter: 'model'." };
    }
    if (!Array.isArray(body.messages)) {
      return { ok: false, message: "Missing required parameter: 'messages'." };
    }
    const messages = parseMessages(body.messages);
    if (typeof messages === 'string') return { ok: false, message: messages };
    const streamOptions = body.stream_options;
    return {
      ok: true,
      request: {
        model: body.model,
        stream: body.stream === true,
        messages,
        toolNames: toolNamesOf(body.tools),
        hasToolResults: messages.some((message) => message.toolResults > 0),
        includeUsage:
          body.stream === true && isRecord(streamOptions) && streamOptions.include_usage === true,
      },
    };
  },

  errorReply(status, message, context) {
    const { type, code } = errorTypeAndCode(status);
    const text = message ?? defaultMessage(status, modelOf(context));
    return errorReplyOf(status, errorJson(text, type, code), context);
  },

  echoKeyReply(key, context) {
    const message = `Incorrect API key provided: ${key}. You can find your API key at https://platform.openai.com/account/api-keys.`;
    return errorReplyOf(
      401,
      errorJson(message, 'invalid_request_error', 'invalid_api_key'),
      context,
    );
  },

  successHeaders(context) {
    return {
      'content-type': context.route.stream
        ? 'text/event-stream; charset=utf-8'
        : 'application/json',
      'x-request-id': requestId(context),
      'openai-version': '2020-10-01',
    };
  },

  renderJson(content, context) {
    const text = content.textPieces.join('');
    const message: Record<string, unknown> = {
      role: 'assistant',
      content: content.blocked || (text === '' && content.functionCalls.length > 0) ? null : text,
      refusal: null,
      annotations: [],
    };
    if (content.functionCalls.length > 0) {
      message.tool_calls = content.functionCalls.map((call, index) => ({
        id: callId(call, index, context),
        type: 'function',
        function: { name: call.name, arguments: JSON.stringify(call.args) },
      }));
    }
    return JSON.stringify({
      id: completionId(context),
      object: 'chat.completion',
      created: createdBase + context.sequence,
      model: modelOf(context),
      choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(content) }],
      usage: usage(content, context),
      service_tier: 'default',
      system_fingerprint: 'fp_fake000000',
    });
  },

  renderEvents(content, context) {
    const includeUsage = context.request?.includeUsage === true;
    const chunk = (choices: unknown[], usageValue?: unknown): Record<string, unknown> => {
      const value: Record<string, unknown> = {
        id: completionId(context),
        object: 'chat.completion.chunk',
        created: createdBase + context.sequence,
        model: modelOf(context),
        service_tier: 'default',
        system_fingerprint: 'fp_fake000000',
        choices,
      };
      // With include_usage every chunk has a usage field, null until the last one.
      if (includeUsage) value.usage = usageValue ?? null;
      return value;
    };
    const choice = (delta: unknown, finish: string | null = null) => ({
      index: 0,
      delta,
      logprobs: null,
      finish_reason: finish,
    });
    const events: WireEvent[] = [];
    const toolsOnly = content.textPieces.length === 0 && content.functionCalls.length > 0;
    events.push({
      data: JSON.stringify(
        chunk([choice({ role: 'assistant', content: toolsOnly ? null : '', refusal: null })]),
      ),
    });
    const renderText = jsonTemplate((text) => chunk([choice({ content: text })]));
    for (const piece of content.textPieces) events.push({ data: renderText(piece) });
    content.functionCalls.forEach((call, index) => {
      const opening = {
        index,
        id: callId(call, index, context),
        type: 'function',
        function: { name: call.name, arguments: '' },
      };
      events.push({ data: JSON.stringify(chunk([choice({ tool_calls: [opening] })])) });
      for (const fragment of splitFixed(JSON.stringify(call.args), 12)) {
        const delta = { tool_calls: [{ index, function: { arguments: fragment } }] };
        events.push({ data: JSON.stringify(chunk([choice(delta)])) });
      }
    });
    if (!content.terminated) return events;
    events.push({ data: JSON.stringify(chunk([choice({}, finishReason(content))])) });
    if (includeUsage) events.push({ data: JSON.stringify(chunk([], usage(content, context))) });
    events.push({ data: '[DONE]' });
    return events;
  },

  frameEvents(events) {
    return events.map((event) => `data: ${event.data}\n\n`);
  },

  inStreamError(message) {
    const text = message ?? defaultMessage(500, '');
    return { event: { data: errorJson(text, 'server_error', null) }, status: 500 };
  },

  malformedEvent(context) {
    return {
      data: `{"id":"${completionId(context)}","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"trunc`,
    };
  },
};
