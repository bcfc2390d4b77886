import type {
  MockErrorName,
  MockErrorSpec,
  MockFunctionCallTurn,
  MockTextTurn,
  MockTurn,
} from '@colloquy/provider-mock';
import { defaultReply } from './default-reply';
import type {
  HttpReply,
  ProviderEmulation,
  RenderContext,
  ReplyContent,
} from './providers/provider-emulation';
import type { BodyStep, ResponsePlan } from './response-plan';
import type { FaultReply, ScriptedReply } from './scripted-reply';
import { splitWords } from './split-text';

/** What a reply is rendered against; `context.request` is always set here. */
export interface PlanInput {
  emulation: ProviderEmulation;
  context: RenderContext & { request: NonNullable<RenderContext['request']> };
  /** The key the client sent, for the echo-key fault. */
  sentKey: string | undefined;
}

/** A turn that answers (as opposed to one that fails before answering). */
type ContentTurn = Exclude<MockTurn, { error: MockErrorSpec; failAfterChunks?: undefined }>;

/** The HTTP status each HTTP error class stands for when the turn gives none. */
export const errorStatuses: Partial<Record<MockErrorName, number>> = {
  ApiError: 400,
  AuthenticationError: 401,
  PermissionDeniedError: 403,
  NotFoundError: 404,
  RateLimitError: 429,
  ServerError: 500,
};

/** How long a stream that should time out stays silent: longer than any client here waits. */
const silenceMs = 60_000;

const encoder = new TextEncoder();

/** Default text of the split-utf8 fault: the first non-ASCII character is 2 bytes, the emoji 4. */
const splitUtf8DefaultText = 'Grüße aus Köln 🌍';

export function httpPlan(reply: HttpReply, delayMs = 0): ResponsePlan {
  return {
    kind: 'respond',
    delayMs,
    status: reply.status,
    headers: reply.headers,
    body: reply.body === '' ? [] : [{ write: reply.body }],
  };
}

function contentOf(turn: ContentTurn, stream: boolean, terminated = true): ReplyContent {
  if ('blocked' in turn) {
    return { textPieces: [], functionCalls: [], blocked: true, terminated };
  }
  if ('empty' in turn) {
    return { textPieces: [], functionCalls: [], blocked: false, terminated };
  }
  const reply = turn as MockTextTurn | MockFunctionCallTurn;
  const text = reply.text ?? '';
  const textPieces = stream ? [...(reply.chunks ?? splitWords(text))] : text === '' ? [] : [text];
  return {
    textPieces,
    functionCalls: ('functionCalls' in reply ? reply.functionCalls : []).map((call) => ({
      ...(call.id === undefined ? {} : { id: call.id }),
      name: call.name,
      args: call.args ?? {},
    })),
    blocked: false,
    terminated,
  };
}

/** The wire segments of a success: one per framed event, or the whole JSON body. */
function successSegments(content: ReplyContent, input: PlanInput): string[] {
  const { emulation, context } = input;
  if (context.route.stream) {
    return emulation.frameEvents(emulation.renderEvents(content, context), context);
  }
  return [emulation.renderJson(content, context)];
}

function successPlan(
  segments: readonly string[],
  input: PlanInput,
  body?: BodyStep[],
): ResponsePlan {
  return {
    kind: 'respond',
    delayMs: 0,
    status: 200,
    headers: input.emulation.successHeaders(input.context),
    body: body ?? segments.map((segment) => ({ write: segment })),
  };
}

/**
 * The segments a mid-body failure cuts between: the framed events of a stream, or the two
 * halves of a JSON body (so a failure on a non-streaming call lands inside the body).
 */
function cutSegments(content: ReplyContent, input: PlanInput): string[] {
  const segments = successSegments(content, input);
  if (input.context.route.stream) return segments;
  const json = segments[0] ?? '';
  let middle = Math.floor(json.length / 2);
  // Never cut a surrogate pair: the halves must each be valid UTF-16.
  const code = json.charCodeAt(middle - 1);
  if (code >= 0xd800 && code <= 0xdbff) middle++;
  return [json.slice(0, middle), json.slice(middle)];
}

/** The text turn a fault streams: its own text and chunks, or the echo reply. */
function faultText(fault: { text?: string; chunks?: readonly string[] }, input: PlanInput) {
  const text = fault.text ?? defaultReply(input.context.request).text;
  return fault.chunks === undefined ? { text } : { text, chunks: [...fault.chunks] };
}

/**
 * The segment index after `chunks` text chunks: the provider's opening events are counted
 * here, in the emulation, so a script counts only the chunks a client sees. Never after the
 * last segment. A non-streaming body is cut in its middle.
 */
function cutIndex(chunks: number, segments: readonly string[], input: PlanInput): number {
  const requested = input.context.route.stream ? input.emulation.preambleEvents + chunks : 1;
  return Math.min(Math.floor(requested), Math.max(0, segments.length - 1));
}

function writes(segments: readonly string[]): BodyStep[] {
  return segments.map((segment) => ({ write: segment }));
}

function splitUtf8Body(segments: readonly string[], delayMs: number): BodyStep[] {
  const at = segments.findIndex((segment) => /\P{ASCII}/u.test(segment));
  if (at < 0) return writes(segments);
  const segment = segments[at] ?? '';
  const charIndex = segment.search(/\P{ASCII}/u);
  const bytes = encoder.encode(segment);
  // The cut falls one byte into the multibyte character.
  const cut = encoder.encode(segment.slice(0, charIndex)).length + 1;
  return [
    ...writes(segments.slice(0, at)),
    { write: bytes.slice(0, cut) },
    { pauseMs: delayMs },
    { write: bytes.slice(cut) },
    ...writes(segments.slice(at + 1)),
  ];
}

function retryAfterHeaders(afterMs: number, format: 'http-date' | 'ms'): Record<string, string> {
  if (format === 'ms') return { 'retry-after-ms': String(Math.round(afterMs)) };
  // HTTP dates have whole seconds: round up so the client never retries early.
  const at = Math.ceil((Date.now() + afterMs) / 1000) * 1000;
  return { 'retry-after': new Date(at).toUTCString() };
}

/** A valid answer whose body (or first content event's data) is exactly `bytes` long when reachable. */
function oversizedPlan(bytes: number, input: PlanInput): ResponsePlan {
  const { emulation, context } = input;
  let padLength = bytes;
  let segments: string[] = [];
  // Token counts in the body grow with the pad, so converge in a few rounds.
  for (let round = 0; round < 8; round++) {
    const pad = 'x'.repeat(Math.max(1, padLength));
    const content: ReplyContent = {
      textPieces: [pad],
      functionCalls: [],
      blocked: false,
      terminated: true,
    };
    let size: number;
    if (context.route.stream) {
      const events = emulation.renderEvents(content, context);
      size = encoder.encode(events.find((event) => event.data.includes(pad))?.data ?? '').length;
      segments = emulation.frameEvents(events, context);
    } else {
      segments = [emulation.renderJson(content, context)];
      size = encoder.encode(segments[0] ?? '').length;
    }
    if (size === bytes || padLength < 1) break;
    padLength += bytes - size;
  }
  return successPlan(segments, input);
}

const statusTexts: Record<number, string> = {
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Time-out',
};

/** An nginx-style error page, as a proxy in front of the API sends. */
function htmlPage(status: number): string {
  const title = `${status} ${statusTexts[status] ?? 'Error'}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
}

/** An error turn: an HTTP error in the provider's shape, or (ConnectionError) a reset socket. */
function errorPlan(error: MockErrorSpec, input: PlanInput, status?: number): ResponsePlan {
  const { emulation, context } = input;
  if (error.name === 'ConnectionError') return { kind: 'reset', delayMs: 0 };
  const rendered = emulation.errorReply(
    error.status ?? status ?? errorStatuses[error.name] ?? 500,
    error.providerMessage ?? error.message,
    context,
  );
  const headers = { ...rendered.headers };
  if (error.retryAfterMs !== undefined) {
    headers['retry-after'] = String(Math.ceil(error.retryAfterMs / 1000));
  }
  const idHeader = emulation.requestIdHeader;
  if (error.requestId !== undefined && idHeader !== undefined) headers[idHeader] = error.requestId;
  return httpPlan({ ...rendered, headers });
}

/**
 * A reply that breaks after `failAfterChunks` chunks, with the wire cause of the error the
 * turn names: a closed connection (StreamInterruptedError, the default), an unparseable event
 * (InvalidResponseError), silence (TimeoutError) or the provider's in-stream error event (an
 * HTTP error class). Not streamed, the same cause lands inside the body, or is an HTTP error.
 */
function brokenPlan(
  turn: MockTextTurn | MockFunctionCallTurn,
  after: number,
  input: PlanInput,
): ResponsePlan {
  const { emulation, context } = input;
  const error: MockErrorSpec = turn.error ?? { name: 'StreamInterruptedError' };
  const segments = cutSegments(contentOf(turn, context.route.stream), input);
  const at = cutIndex(after, segments, input);
  switch (error.name) {
    case 'StreamInterruptedError':
      return successPlan(segments, input, [...writes(segments.slice(0, at)), { reset: true }]);
    case 'InvalidResponseError': {
      // A cut JSON body is the non-streaming form of a malformed event.
      if (!context.route.stream) return successPlan(segments.slice(0, at), input);
      const [malformed = ''] = emulation.frameEvents([emulation.malformedEvent(context)], context);
      return successPlan(
        segments.map((segment, index) => (index === at ? malformed : segment)),
        input,
      );
    }
    case 'TimeoutError':
      return successPlan(segments, input, [
        ...writes(segments.slice(0, at)),
        { pauseMs: silenceMs },
        ...writes(segments.slice(at)),
      ]);
    default: {
      const message = error.providerMessage ?? error.message;
      const { event, status } = emulation.inStreamError(message, context);
      if (!context.route.stream) return errorPlan(error, input, status);
      const framed = emulation.frameEvents([event], context);
      return successPlan([...segments.slice(0, at), ...framed], input);
    }
  }
}

function planTurn(turn: MockTurn, input: PlanInput): ResponsePlan {
  if ('error' in turn && turn.error !== undefined && !('failAfterChunks' in turn)) {
    return errorPlan(turn.error, input);
  }
  const reply = turn as ContentTurn;
  if ('failAfterChunks' in reply && reply.failAfterChunks !== undefined) {
    return brokenPlan(reply, reply.failAfterChunks, input);
  }
  const segments = successSegments(contentOf(reply, input.context.route.stream), input);
  const pauseMs = turn.chunkDelayMs ?? 0;
  if (pauseMs === 0 || !input.context.route.stream) return successPlan(segments, input);
  return successPlan(
    segments,
    input,
    segments.flatMap((segment) => [{ pauseMs }, { write: segment }]),
  );
}

function planFault(fault: FaultReply, input: PlanInput): ResponsePlan {
  const { context } = input;
  switch (fault.fault) {
    case 'stall-mid-stream': {
      const content = contentOf(faultText(fault, input), context.route.stream);
      const segments = cutSegments(content, input);
      const at = Math.min(Math.floor(fault.afterEvents ?? 1), Math.max(0, segments.length - 1));
      return successPlan(segments, input, [
        ...writes(segments.slice(0, at)),
        { pauseMs: fault.stallMs },
        ...writes(segments.slice(at)),
      ]);
    }
    case 'split-utf8': {
      const text = fault.text ?? splitUtf8DefaultText;
      const content = contentOf(faultText({ ...fault, text }, input), context.route.stream);
      const segments = cutSegments(content, input);
      return successPlan(segments, input, splitUtf8Body(segments, fault.delayMs ?? 20));
    }
    case 'no-terminator': {
      const content = contentOf(faultText(fault, input), context.route.stream, false);
      return successPlan(successSegments(content, input), input);
    }
    case 'retry-after': {
      const reply = input.emulation.errorReply(429, undefined, context);
      const headers = retryAfterHeaders(fault.afterMs ?? 1000, fault.format);
      return httpPlan({ ...reply, headers: { ...reply.headers, ...headers } });
    }
    case 'oversized':
      return oversizedPlan(fault.bytes, input);
    case 'html-error': {
      const status = fault.status ?? 502;
      return httpPlan({
        status,
        headers: { 'content-type': 'text/html; charset=UTF-8', server: 'nginx' },
        body: htmlPage(status),
      });
    }
    case 'empty-body':
      return successPlan([], input);
    case 'echo-key':
      return httpPlan(input.emulation.echoKeyReply(input.sentKey ?? '', context));
  }
}

/** Turns one scripted reply into what the transport sends. */
export function planReply(reply: ScriptedReply, input: PlanInput): ResponsePlan {
  if ('fault' in reply) return planFault(reply, input);
  if ('recorded' in reply) {
    const { status = 200, contentType, body } = reply.recorded;
    return httpPlan({ status, headers: { 'content-type': contentType }, body });
  }
  const plan = planTurn(reply, input);
  return { ...plan, delayMs: plan.delayMs + (reply.delayMs ?? 0) };
}
