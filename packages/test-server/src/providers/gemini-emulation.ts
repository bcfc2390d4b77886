import type { NeutralMessage } from '../neutral-request';
import type {
  HttpReply,
  ParseResult,
  ProviderEmulation,
  RenderContext,
  ReplyContent,
  Route,
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

const routePattern =
  /^\/(v1|v1beta|v1alpha)\/models\/([^/:]+):(generateContent|streamGenerateContent)$/;

/** google.rpc status names by HTTP status, as the Gemini API reports them. */
const rpcStatus: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  499: 'CANCELLED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

function defaultMessage(status: number, model: string): string {
  switch (status) {
    case 400:
      return 'Request contains an invalid argument.';
    case 401:
      return 'Request had invalid authentication credentials.';
    case 403:
      return 'The caller does not have permission';
    case 404:
      return `models/${model} is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.`;
    case 429:
      return 'You exceeded your current quota, please check your plan and billing details.';
    case 503:
      return 'The model is overloaded. Please try again later.';
    case 504:
      return 'Deadline expired before operation could complete.';
    default:
      return status >= 500
        ? 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'
        : 'Request failed.';
  }
}

/** Google pretty-prints its error bodies (the recordings' Content-Length matches indent 2). */
function errorBody(error: Record<string, unknown>): string {
  return `${JSON.stringify({ error }, null, 2)}\n`;
}

function errorHeaders(context: RenderContext): Record<string, string> {
  // The recordings show an error on the SSE endpoint keeps the event-stream content type.
  return {
    'content-type': context.route.stream ? 'text/event-stream' : 'application/json; charset=UTF-8',
  };
}

function rpcError(
  status: number,
  message: string,
  context: RenderContext,
  details?: unknown[],
): HttpReply {
  const error: Record<string, unknown> = {
    code: status,
    message,
    status: rpcStatus[status] ?? (status >= 500 ? 'INTERNAL' : 'FAILED_PRECONDITION'),
  };
  if (details !== undefined) error.details = details;
  return { status, headers: errorHeaders(context), body: errorBody(error) };
}

function usage(context: RenderContext, outputTokens: number | undefined): Record<string, unknown> {
  const request = context.request;
  const prompt = request === undefined ? 1 : promptTokens(request.messages.map((m) => m.text));
  const promptTokensDetails = [{ modality: 'TEXT', tokenCount: prompt }];
  // Intermediate stream chunks carry only the prompt count; the final one adds the candidates.
  if (outputTokens === undefined) {
    return { promptTokenCount: prompt, totalTokenCount: prompt, promptTokensDetails };
  }
  return {
    promptTokenCount: prompt,
    candidatesTokenCount: outputTokens,
    totalTokenCount: prompt + outputTokens,
    promptTokensDetails,
    candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: outputTokens }],
  };
}

function outputTokens(content: ReplyContent): number {
  const calls = content.functionCalls.map((call) => JSON.stringify(call.args)).join('');
  return estimateTokens(content.textPieces.join('') + calls) + content.functionCalls.length;
}

function callPart(call: ReplyContent['functionCalls'][number]): Record<string, unknown> {
  const functionCall: Record<string, unknown> = { name: call.name, args: call.args };
  if (call.id !== undefined) functionCall.id = call.id;
  return { functionCall };
}

const safetyRatings = [
  { category: 'HARM_CATEGORY_HATE_SPEECH', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_DANGEROUS_CONTENT', probability: 'HIGH', blocked: true },
  { category: 'HARM_CATEGORY_HARASSMENT', probability: 'NEGLIGIBLE' },
  { category: 'HARM_CATEGORY_SEXUALLY_EXPLICIT', probability: 'NEGLIGIBLE' },
];

function responseId(context: RenderContext): string {
  return fakeId('', context.sequence, 23, base62Alphabet);
}

function envelope(
  candidate: Record<string, unknown>,
  usageMetadata: Record<string, unknown>,
  context: RenderContext,
): Record<string, unknown> {
  return {
    candidates: [candidate],
    usageMetadata,
    modelVersion: modelOf(context),
    responseId: responseId(context),
  };
}

function finalCandidate(content: ReplyContent, parts: unknown[]): Record<string, unknown> {
  if (content.blocked) {
    // A blocked candidate carries no content at all, only the reason and the ratings.
    return { finishReason: 'SAFETY', index: 0, safetyRatings };
  }
  // An empty answer is a model content without parts.
  const candidate: Record<string, unknown> = {
    content: parts.length > 0 ? { parts, role: 'model' } : { role: 'model' },
  };
  if (content.terminated) candidate.finishReason = 'STOP';
  return candidate;
}

function parseContents(contents: unknown[]): NeutralMessage[] | string {
  const messages: NeutralMessage[] = [];
  for (const content of contents) {
    if (!isRecord(content)) return "Invalid value at 'contents': expected an object.";
    const role = content.role ?? 'user';
    if (role !== 'user' && role !== 'model') {
      return 'Please use a valid role: user, model.';
    }
    const parts = Array.isArray(content.parts) ? content.parts : [];
    let toolCalls = 0;
    let toolResults = 0;
    for (const part of parts) {
      if (isRecord(part) && isRecord(part.functionCall)) toolCalls++;
      if (isRecord(part) && isRecord(part.functionResponse)) toolResults++;
    }
    messages.push({
      role: role === 'model' ? 'assistant' : 'user',
      text: textOfParts(parts),
      toolCalls,
      toolResults,
    });
  }
  return messages;
}

function toolNamesOf(tools: unknown): string[] {
  const names: string[] = [];
  if (!Array.isArray(tools)) return names;
  for (const tool of tools) {
    if (!isRecord(tool) || !Array.isArray(tool.functionDeclarations)) continue;
    for (const declaration of tool.functionDeclarations) {
      if (isRecord(declaration) && typeof declaration.name === 'string')
        names.push(declaration.name);
    }
  }
  return names;
}

/** Gemini API (`generativelanguage.googleapis.com`). */
export const geminiEmulation: ProviderEmulation = {
  name: 'gemini',
  defaultOrigin: 'https://generativelanguage.googleapis.com',
  sdkBasePath: '',
  authHeaders: ['x-goog-api-key', 'authorization'],
  authQueryParameters: ['key'],
  preambleEvents: 0,

  matchRoute(method, pathname, query): Route | undefined {
    if (method !== 'POST') return undefined;
    const match = routePattern.exec(decodeURIComponent(pathname));
    if (match === null) return undefined;
    const stream = match[3] === 'streamGenerateContent';
    const route: Route = { stream, model: match[2] ?? '' };
    if (stream && query.get('alt') !== 'sse') route.jsonArrayStream = true;
    return route;
  },

  sentKey(headers, query) {
    return headers['x-goog-api-key'] ?? query.get('key') ?? undefined;
  },

  authFailure(sentKey, context) {
    // The real API answers 403 to a request without a key and 400 API_KEY_INVALID to a wrong
    // one; it never uses 401 for API keys.
    if (sentKey === undefined || sentKey === '') {
      return rpcError(
        403,
        "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
        context,
      );
    }
    const message = 'API key not valid. Please pass a valid API key.';
    return rpcError(400, message, context, [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'API_KEY_INVALID',
        domain: 'googleapis.com',
        metadata: { service: 'generativelanguage.googleapis.com' },
      },
      { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message },
    ]);
  },

  checkHeaders() {
    return undefined;
  },

  parseRequest(body, route): ParseResult {
    if (!isRecord(body)) return { ok: false, message: 'Invalid JSON payload received.' };
    if (!Array.isArray(body.contents)) {
      return {
        ok: false,
        message: '* GenerateContentRequest.contents: contents is not specified\n',
      };
    }
    const messages = parseContents(body.contents);
    if (typeof messages === 'string') return { ok: false, message: messages };
    const system = body.systemInstruction;
    if (isRecord(system) && Array.isArray(system.parts)) {
      messages.unshift({
        role: 'system',
        text: textOfParts(system.parts),
        toolCalls: 0,
        toolResults: 0,
      });
    }
    return {
      ok: true,
      request: {
        model: route.model ?? '',
        stream: route.stream,
        messages,
        toolNames: toolNamesOf(body.tools),
        hasToolResults: messages.some((message) => message.toolResults > 0),
        includeUsage: false,
      },
    };
  },

  errorReply(status, message, context) {
    return rpcError(status, message ?? defaultMessage(status, modelOf(context)), context);
  },

  echoKeyReply(key, context) {
    return rpcError(401, `API key not valid: ${key}`, context, [
      {
        '@type': 'type.googleapis.com/google.rpc.DebugInfo',
        detail: `[ORIGINAL ERROR] generic::unauthenticated: Invalid API key: ${key}`,
      },
    ]);
  },

  successHeaders(context): Record<string, string> {
    if (!context.route.stream || context.route.jsonArrayStream === true) {
      return {
        'content-type': 'application/json; charset=UTF-8',
        vary: 'Origin, X-Origin, Referer',
      };
    }
    return {
      'content-type': 'text/event-stream',
      'content-disposition': 'attachment',
      vary: 'Origin, X-Origin, Referer',
    };
  },

  renderJson(content, context) {
    const text = content.textPieces.join('');
    const parts: unknown[] = [];
    if (text !== '') parts.push({ text });
    for (const call of content.functionCalls) parts.push(callPart(call));
    const candidate = finalCandidate(content, parts);
    return JSON.stringify(envelope(candidate, usage(context, outputTokens(content)), context));
  },

  renderEvents(content, context) {
    const final = content.terminated
      ? usage(context, outputTokens(content))
      : usage(context, undefined);
    const events: WireEvent[] = [];
    if (content.blocked) {
      events.push({ data: JSON.stringify(envelope(finalCandidate(content, []), final, context)) });
      return events;
    }
    const pieces = content.textPieces;
    // With function calls the calls close the stream; otherwise the last text piece does.
    const closingText = content.functionCalls.length === 0 && pieces.length > 0;
    const middle = closingText ? pieces.length - 1 : pieces.length;
    const intermediate = usage(context, undefined);
    const render = jsonTemplate((text) =>
      envelope({ content: { parts: [{ text }], role: 'model' } }, intermediate, context),
    );
    for (let index = 0; index < middle; index++) {
      events.push({ data: render(pieces[index] ?? '') });
    }
    const lastParts: unknown[] = closingText
      ? [{ text: pieces[pieces.length - 1] ?? '' }]
      : content.functionCalls.map(callPart);
    events.push({
      data: JSON.stringify(envelope(finalCandidate(content, lastParts), final, context)),
    });
    return events;
  },

  frameEvents(events, context) {
    if (context.route.jsonArrayStream === true) {
      // Without alt=sse the API streams one JSON array, element by element.
      return events.map((event, index) => {
        const opening = index === 0 ? '[' : ',\r\n';
        const closing = index === events.length - 1 ? ']' : '';
        return opening + event.data + closing;
      });
    }
    // Gemini terminates events with CRLF pairs.
    return events.map((event) => `data: ${event.data}\r\n\r\n`);
  },

  inStreamError(message, context) {
    const text = message ?? defaultMessage(500, modelOf(context));
    return {
      event: { data: JSON.stringify({ error: { code: 500, message: text, status: 'INTERNAL' } }) },
      status: 500,
    };
  },

  malformedEvent() {
    return { data: '{"candidates": [{"content": {"parts": [{"text": "trunc' };
  },
};
