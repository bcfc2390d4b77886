import type { NeutralRequest } from '../neutral-request';
import type { ProviderName } from '../provider-name';

/** One server-sent event before framing. */
export interface WireEvent {
  event?: string;
  data: string;
}

/** A function call ready to render; `id` is set only when the script gave one. */
export interface ReplyFunctionCall {
  id?: string;
  name: string;
  args: Record<string, unknown>;
}

/** What a successful answer holds, in provider-independent form. */
export interface ReplyContent {
  /** The text, as streamed pieces; joined they are the whole text. Empty for no text. */
  textPieces: readonly string[];
  functionCalls: readonly ReplyFunctionCall[];
  blocked: boolean;
  /** False for the no-terminator fault: no finish reason and no end-of-stream event. */
  terminated: boolean;
}

/** How an endpoint was addressed. */
export interface Route {
  stream: boolean;
  /** The model named in the path (Gemini); the others carry it in the body. */
  model?: string;
  /** Gemini streams a JSON array unless `alt=sse` is asked for. */
  jsonArrayStream?: boolean;
}

/** Everything a rendering may depend on; all of it deterministic. */
export interface RenderContext {
  route: Route;
  /** The parsed request; absent when the body could not be parsed. */
  request?: NeutralRequest;
  /** 1-based number of the request at this fake, the seed of every id. */
  sequence: number;
}

/** A complete non-streaming HTTP answer. */
export interface HttpReply {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type ParseResult = { ok: true; request: NeutralRequest } | { ok: false; message: string };

/** One provider's HTTP API: endpoint, auth, request parsing and the wire format of its answers. */
export interface ProviderEmulation {
  readonly name: ProviderName;
  /** The origin the official SDK calls by default. */
  readonly defaultOrigin: string;
  /** What the official SDK expects after the origin in its base URL ('/v1' for OpenAI). */
  readonly sdkBasePath: string;
  /** Lower-case names of headers carrying credentials (redacted in the request log). */
  readonly authHeaders: readonly string[];
  /** Query parameters carrying credentials. */
  readonly authQueryParameters: readonly string[];
  /**
   * Events a stream sends before its first text event (OpenAI's role chunk; Anthropic's
   * `message_start`, `content_block_start` and `ping`), so a script counts text chunks only.
   */
  readonly preambleEvents: number;
  /** The response header carrying the provider's request id, where it sends one. */
  readonly requestIdHeader?: string;

  matchRoute(method: string, pathname: string, query: URLSearchParams): Route | undefined;
  /** The API key the client sent, if any. */
  sentKey(headers: Record<string, string>, query: URLSearchParams): string | undefined;
  /** The provider's answer to a missing (`undefined`) or wrong key. */
  authFailure(sentKey: string | undefined, context: RenderContext): HttpReply;
  /** Checks other than the key that the provider makes before reading the body. */
  checkHeaders(headers: Record<string, string>, context: RenderContext): HttpReply | undefined;
  parseRequest(body: unknown, route: Route): ParseResult;

  /** An error in the provider's body shape; `message` replaces the provider's default text. */
  errorReply(status: number, message: string | undefined, context: RenderContext): HttpReply;
  /** A 401 whose message contains `key` verbatim. */
  echoKeyReply(key: string, context: RenderContext): HttpReply;
  /** Headers of a successful answer (content type, request id). */
  successHeaders(context: RenderContext): Record<string, string>;
  renderJson(content: ReplyContent, context: RenderContext): string;
  renderEvents(content: ReplyContent, context: RenderContext): WireEvent[];
  /** Frames events for the wire, one string per event. */
  frameEvents(events: readonly WireEvent[], context: RenderContext): string[];
  /** The provider's in-stream error, and the HTTP status it uses for the same error outside a stream. */
  inStreamError(
    message: string | undefined,
    context: RenderContext,
  ): { event: WireEvent; status: number };
  /** An event whose JSON is cut short. */
  malformedEvent(context: RenderContext): WireEvent;
}
