import type { RequestHandler } from 'msw';
import { defaultReply } from './default-reply';
import { type LoggedRequest, redacted } from './logged-request';
import { mswHandlersFor } from './msw-handlers';
import { httpPlan, planReply } from './plan-reply';
import type { ProviderName } from './provider-name';
import { anthropicEmulation } from './providers/anthropic-emulation';
import { geminiEmulation } from './providers/gemini-emulation';
import { openaiEmulation } from './providers/openai-emulation';
import type { ProviderEmulation, RenderContext } from './providers/provider-emulation';
import type { ResponsePlan } from './response-plan';
import type { ScriptedReply } from './scripted-reply';
import { seededRandom } from './seeded-random';
import { validateReply } from './validate-reply';

export const emulations: Record<ProviderName, ProviderEmulation> = {
  gemini: geminiEmulation,
  openai: openaiEmulation,
  anthropic: anthropicEmulation,
};

export interface FakeProviderOptions {
  /** The key requests must carry; default 'test-key'. */
  apiKey?: string;
  /** Added before the response headers: a fixed delay or a random one in [min, max] (seeded). */
  latencyMs?: number | readonly [number, number];
  /** Share (0..1) of requests answered with a random retryable fault (500, 503, 429, reset). */
  faultRate?: number;
  /** Seed of the PRNG behind latencyMs ranges and faultRate; default 1. */
  seed?: number;
  /** Answer when the queue is empty, instead of the echo. */
  defaultReply?: ScriptedReply;
}

/** A request as both transports see it. */
export interface IncomingRequest {
  method: string;
  url: URL;
  /** Lower-case header names. */
  headers: Record<string, string>;
  bodyText: string;
}

export interface FakeProvider {
  readonly name: ProviderName;
  readonly emulation: ProviderEmulation;
  /** Queues replies, used in order, one per request that passes the auth check. */
  enqueue(...replies: ScriptedReply[]): void;
  /** Every request that reached this fake's endpoint, in order. */
  readonly requests: readonly LoggedRequest[];
  /** How many queued replies are still unused. */
  readonly pending: number;
  /** Empties the queue and the log, and restarts ids and the PRNG from the seed. */
  reset(): void;
  /** msw handlers for the provider's endpoint on any origin (the default one included). */
  readonly handlers: RequestHandler[];
  /** Decides the answer to one request; undefined when the path is not this provider's. */
  handle(request: IncomingRequest): ResponsePlan | undefined;
}

const retryableFaults: readonly ScriptedReply[] = [
  { error: { name: 'ServerError', status: 500 } },
  { error: { name: 'ServerError', status: 503 } },
  { error: { name: 'RateLimitError', status: 429 } },
  { error: { name: 'ConnectionError' } },
];

function parseBody(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function redactHeaders(
  headers: Record<string, string>,
  emulation: ProviderEmulation,
): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    copy[name] = emulation.authHeaders.includes(name) ? redacted : value;
  }
  return copy;
}

function redactQuery(query: URLSearchParams, emulation: ProviderEmulation): Record<string, string> {
  const copy: Record<string, string> = {};
  for (const [name, value] of query) {
    copy[name] = emulation.authQueryParameters.includes(name) ? redacted : value;
  }
  return copy;
}

function checkOptions(options: FakeProviderOptions): void {
  const { faultRate, latencyMs } = options;
  if (faultRate !== undefined && !(faultRate >= 0 && faultRate <= 1)) {
    throw new RangeError(`faultRate must be within 0..1, got ${faultRate}`);
  }
  const range = typeof latencyMs === 'number' ? [latencyMs, latencyMs] : latencyMs;
  if (range !== undefined && !(range[0] >= 0 && (range[1] ?? -1) >= range[0])) {
    throw new RangeError('latencyMs must be a non-negative number or a [min, max] range');
  }
  if (options.defaultReply !== undefined) validateReply(options.defaultReply);
}

/** A scriptable fake of one provider's HTTP API, usable through msw or the real server. */
export function createFakeProvider(
  name: ProviderName,
  options: FakeProviderOptions = {},
): FakeProvider {
  const emulation = emulations[name];
  if (emulation === undefined) throw new TypeError(`Unknown provider '${String(name)}'`);
  checkOptions(options);
  const apiKey = options.apiKey ?? 'test-key';
  const seed = options.seed ?? 1;
  const queue: ScriptedReply[] = [];
  const requests: LoggedRequest[] = [];
  let sequence = 0;
  // Separate streams, so that a latency range does not shift which requests fault.
  let faultRandom = seededRandom(seed);
  let latencyRandom = seededRandom(seed ^ 0x9e3779b9);

  const latency = (): number => {
    const value = options.latencyMs;
    if (value === undefined) return 0;
    if (typeof value === 'number') return value;
    const [min, max] = value;
    return min + latencyRandom() * (max - min);
  };

  const fake: FakeProvider = {
    name,
    emulation,
    enqueue(...replies) {
      for (const reply of replies) validateReply(reply);
      queue.push(...replies);
    },
    get requests() {
      return requests;
    },
    get pending() {
      return queue.length;
    },
    reset() {
      queue.length = 0;
      requests.length = 0;
      sequence = 0;
      faultRandom = seededRandom(seed);
      latencyRandom = seededRandom(seed ^ 0x9e3779b9);
    },
    handlers: [],
    handle(incoming) {
      const { url, headers } = incoming;
      const route = emulation.matchRoute(incoming.method, url.pathname, url.searchParams);
      if (route === undefined) return undefined;
      sequence += 1;
      const body = parseBody(incoming.bodyText);
      const sentKey = emulation.sentKey(headers, url.searchParams);
      const authorized = sentKey === apiKey;
      const parsed = emulation.parseRequest(body, route);
      const request = parsed.ok ? parsed.request : undefined;
      const context: RenderContext = {
        route: request === undefined ? route : { ...route, stream: request.stream },
        sequence,
      };
      if (request !== undefined) context.request = request;
      const entry: LoggedRequest = {
        method: incoming.method,
        path: url.pathname,
        query: redactQuery(url.searchParams, emulation),
        headers: redactHeaders(headers, emulation),
        authorized,
        body,
      };
      if (request !== undefined) entry.parsed = request;
      requests.push(entry);

      const delayMs = latency();
      if (!authorized) return httpPlan(emulation.authFailure(sentKey, context), delayMs);
      const headerError = emulation.checkHeaders(headers, context);
      if (headerError !== undefined) return httpPlan(headerError, delayMs);
      if (!parsed.ok || request === undefined) {
        const message = parsed.ok ? undefined : parsed.message;
        return httpPlan(emulation.errorReply(400, message, context), delayMs);
      }
      // An injected fault leaves the queue alone, so a retry gets the scripted reply.
      const faultRate = options.faultRate ?? 0;
      const injected =
        faultRate > 0 && faultRandom() < faultRate
          ? retryableFaults[Math.floor(faultRandom() * retryableFaults.length)]
          : undefined;
      const reply = injected ?? queue.shift() ?? options.defaultReply ?? defaultReply(request);
      let plan: ResponsePlan;
      try {
        plan = planReply(reply, { emulation, context: { ...context, request }, sentKey });
      } catch (error) {
        // A script that cannot be rendered (e.g. chunks larger than the echo) should fail loudly.
        const message = `@colloquy/test-server could not render the scripted reply: ${String(error)}`;
        plan = httpPlan({ status: 500, headers: { 'content-type': 'text/plain' }, body: message });
      }
      return { ...plan, delayMs: plan.delayMs + delayMs };
    },
  };
  fake.handlers.push(...mswHandlersFor(fake));
  return fake;
}
