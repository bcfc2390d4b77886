import { defaultReply } from './default-reply';
import type {
  HttpReply,
  ProviderEmulation,
  RenderContext,
  ReplyContent,
} from './providers/provider-emulation';
import type { BodyStep, ResponsePlan } from './response-plan';
import type {
  BlockedReply,
  EmptyReply,
  FaultReply,
  FunctionCallsReply,
  ScriptedReply,
  TextReply,
} from './scripted-reply';
import { splitWords, streamPieces } from './split-text';

/** What a reply is rendered against; `context.request` is always set here. */
export interface PlanInput {
  emulation: ProviderEmulation;
  context: RenderContext & { request: NonNullable<RenderContext['request']> };
  /** The key the client sent, for the echo-key fault. */
  sentKey: string | undefined;
}

type ContentReply = TextReply | FunctionCallsReply | BlockedReply | EmptyReply;

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

function contentOf(reply: ContentReply, stream: boolean, terminated = true): ReplyContent {
  if ('blocked' in reply) {
    return { textPieces: [], functionCalls: [], blocked: true, terminated };
  }
  if ('empty' in reply) {
    return { textPieces: [], functionCalls: [], blocked: false, terminated };
  }
  if ('functionCalls' in reply) {
    const text = reply.text ?? '';
    return {
      textPieces: stream ? splitWords(text) : text === '' ? [] : [text],
      functionCalls: reply.functionCalls.map((call) => ({
        ...(call.id === undefined ? {} : { id: call.id }),
        name: call.name,
        args: call.args ?? {},
      })),
      blocked: false,
      terminated,
    };
  }
  return {
    textPieces: stream
      ? streamPieces(reply.text, reply.chunks)
      : reply.text === ''
        ? []
        : [reply.text],
    functionCalls: [],
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
 * The segments a mid-body fault cuts between: the framed events of a stream, or the two
 * halves of a JSON body (so a fault on a non-streaming call lands inside the body).
 */
function faultSegments(fault: FaultReply & { text?: string }, input: PlanInput): string[] {
  const text = fault.text ?? defaultReply(input.context.request).text;
  const chunks = 'chunks' in fault ? fault.chunks : undefined;
  const reply: TextReply = chunks === undefined ? { text } : { text, chunks };
  const segments = successSegments(contentOf(reply, input.context.route.stream), input);
  if (input.context.route.stream) return segments;
  const json = segments[0] ?? '';
  let middle = Math.floor(json.length / 2);
  // Never cut a surrogate pair: the halves must each be valid UTF-16.
  const code = json.charCodeAt(middle - 1);
  if (code >= 0xd800 && code <= 0xdbff) middle++;
  return [json.slice(0, middle), json.slice(middle)];
}

/** Where a fault set "after N events" strikes: never after the last segment. */
function cutIndex(requested: number | undefined, segments: readonly string[]): number {
  return Math.min(Math.floor(requested ?? 1), Math.max(0, segments.length - 1));
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

function retryAfterHeaders(
  afterMs: number,
  format: 'seconds' | 'http-date' | 'ms',
): Record<string, string> {
  switch (format) {
    case 'ms':
      return { 'retry-after-ms': String(Math.round(afterMs)) };
    case 'http-date': {
      // HTTP dates have whole seconds: round up so the client never retries early.
      const at = Math.ceil((Date.now() + afterMs) / 1000) * 1000;
      return { 'retry-after': new Date(at).toUTCString() };
    }
    default:
      return { 'retry-after': String(Math.ceil(afterMs / 1000)) };
  }
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

function planFault(fault: FaultReply, input: PlanInput): ResponsePlan {
  const { emulation, context } = input;
  switch (fault.fault) {
    case 'reset-before-headers':
      return { kind: 'reset', delayMs: 0 };
    case 'reset-mid-stream': {
      const segments = faultSegments(fault, input);
      const at = cutIndex(fault.afterEvents, segments);
      return successPlan(segments, input, [...writes(segments.slice(0, at)), { reset: true }]);
    }
    case 'stall-mid-stream': {
      const segments = faultSegments(fault, input);
      const at = cutIndex(fault.afterEvents, segments);
      return successPlan(segments, input, [
        ...writes(segments.slice(0, at)),
        { pauseMs: fault.stallMs },
        ...writes(segments.slice(at)),
      ]);
    }
    case 'malformed-event': {
      if (!context.route.stream) {
        // A cut JSON body is the non-streaming form of a malformed event.
        const [head = ''] = faultSegments(fault, input);
        return successPlan([head], input);
      }
      const segments = faultSegments(fault, input);
      const at = Math.min(Math.floor(fault.atEvent ?? 1), segments.length - 1);
      const [malformed = ''] = emulation.frameEvents([emulation.malformedEvent(context)], context);
      return successPlan(
        segments.map((segment, index) => (index === at ? malformed : segment)),
        input,
      );
    }
    case 'split-utf8': {
      const text = fault.text ?? splitUtf8DefaultText;
      const segments = faultSegments({ ...fault, text }, input);
      return successPlan(segments, input, splitUtf8Body(segments, fault.delayMs ?? 20));
    }
    case 'no-terminator': {
      const text = fault.text ?? defaultReply(context.request).text;
      const reply: TextReply =
        fault.chunks === undefined ? { text } : { text, chunks: fault.chunks };
      return successPlan(
        successSegments(contentOf(reply, context.route.stream, false), input),
        input,
      );
    }
    case 'error-event': {
      const { event, status } = emulation.inStreamError(fault.errorMessage, context);
      if (!context.route.stream)
        return httpPlan(emulation.errorReply(status, fault.errorMessage, context));
      const segments = faultSegments(fault, input);
      const at = cutIndex(fault.afterEvents, segments);
      const framed = emulation.frameEvents([event], context);
      return successPlan([...segments.slice(0, at), ...framed], input);
    }
    case 'retry-after': {
      const reply = emulation.errorReply(429, undefined, context);
      const headers = retryAfterHeaders(fault.afterMs ?? 1000, fault.format ?? 'seconds');
      return httpPlan({ ...reply, headers: { ...reply.headers, ...headers } });
    }
    case 'slow-first-byte': {
      const plan = planReply(fault.reply ?? defaultReply(context.request), input);
      return { ...plan, delayMs: plan.delayMs + fault.delayMs };
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
      return httpPlan(emulation.echoKeyReply(input.sentKey ?? '', context));
  }
}

/** Turns one scripted reply into what the transport sends. */
export function planReply(reply: ScriptedReply, input: PlanInput): ResponsePlan {
  if ('fault' in reply) return planFault(reply, input);
  if ('recorded' in reply) {
    const { status = 200, contentType, body } = reply.recorded;
    return httpPlan({ status, headers: { 'content-type': contentType }, body });
  }
  if ('status' in reply) {
    const rendered = input.emulation.errorReply(reply.status, reply.errorMessage, input.context);
    return httpPlan({ ...rendered, headers: { ...rendered.headers, ...reply.headers } });
  }
  const content = contentOf(reply, input.context.route.stream);
  return successPlan(successSegments(content, input), input);
}
