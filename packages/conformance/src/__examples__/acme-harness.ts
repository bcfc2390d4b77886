import type {
  ConformanceHarness,
  HarnessMessage,
  HarnessRequest,
  MockTurn,
} from '@colloquy/conformance';
import { HttpResponse, http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';

// A harness for an OpenAI-compatible API ("Acme"), written with msw handlers: each scripted
// turn (the mock's `MockTurn`) is rendered in the wire format, and each request body is read
// back.

const BASE_URL = 'https://api.acme.test/v1';
const API_KEY = 'acme-test-key-0123456789';
const encoder = new TextEncoder();

type Json = Record<string, unknown>;
const sse = (data: unknown) =>
  `data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;
const chunk = (delta: Json, finish: string | null = null) =>
  sse({
    id: 'chatcmpl-1',
    model: 'acme-chat-1',
    choices: [{ index: 0, delta, finish_reason: finish }],
  });

/** The stream of a text reply: one event per chunk, then the finish and `[DONE]`. */
function textEvents(chunks: string[]): string[] {
  return [...chunks.map((content) => chunk({ content })), chunk({}, 'stop'), sse('[DONE]')];
}

function completion(message: Json, finish: string): Response {
  const choices = [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finish }];
  return HttpResponse.json({ id: 'chatcmpl-1', model: 'acme-chat-1', choices });
}

/**
 * Streams `events`, one per pull (`highWaterMark: 0`, so a fault lands after the client has
 * read what came before it). After the first `at`, `fault` drops the connection (the body
 * errors as undici's does when a socket dies) or stalls for `stallMs`.
 */
function eventStream(
  events: string[],
  at = events.length,
  fault?: { drop: true } | { stallMs: number },
): Response {
  let sent = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const body = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        if (sent === at && fault !== undefined) {
          if ('drop' in fault) return controller.error(new TypeError('terminated'));
          const { stallMs } = fault;
          await new Promise((resolve) => {
            timer = setTimeout(resolve, stallMs);
          });
        }
        const event = events[sent++];
        if (event === undefined) controller.close();
        else controller.enqueue(encoder.encode(event));
      },
      cancel() {
        clearTimeout(timer);
      },
    },
    { highWaterMark: 0 },
  );
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

function httpError(status: number, message: string, headers: Record<string, string> = {}) {
  return HttpResponse.json({ error: { message, type: 'api_error' } }, { status, headers });
}

/** A text turn that breaks after `failAfterChunks` chunks, the way its error says. */
function brokenText(
  turn: {
    text: string;
    chunks?: string[];
    failAfterChunks: number;
    error?: { name: string; providerMessage?: string };
  },
  stream: boolean,
): Response {
  const name = turn.error?.name ?? 'StreamInterruptedError';
  if (!stream) {
    if (name !== 'InvalidResponseError') return httpError(500, 'Scripted failure');
    return new Response('{"id":"chatcmpl-1","choi', {
      headers: { 'content-type': 'application/json' },
    });
  }
  const events = textEvents(turn.chunks ?? [turn.text]);
  const at = turn.failAfterChunks;
  switch (name) {
    case 'InvalidResponseError':
      events[at] = 'data: {"choices":[{"index":0,"del\n\n';
      return eventStream(events);
    case 'StreamInterruptedError':
      return eventStream(events, at, { drop: true });
    case 'TimeoutError':
      // Silent for longer than any client waits: its idle timer or abort ends the stream.
      return eventStream(events, at, { stallMs: 60_000 });
    default: {
      const error = { message: turn.error?.providerMessage ?? 'Overloaded', type: 'server_error' };
      return eventStream([...events.slice(0, at), sse({ error })]);
    }
  }
}

function respond(turn: MockTurn | undefined, stream: boolean): Response {
  if (turn === undefined) return httpError(500, 'nothing queued');
  if ('error' in turn && turn.error !== undefined && !('failAfterChunks' in turn)) {
    const { status = 500, providerMessage, retryAfterMs, requestId } = turn.error;
    const headers: Record<string, string> = {};
    if (retryAfterMs !== undefined) headers['retry-after'] = String(Math.ceil(retryAfterMs / 1000));
    if (requestId !== undefined) headers['x-request-id'] = requestId;
    return httpError(status, providerMessage ?? `HTTP ${status}`, headers);
  }
  if ('blocked' in turn) {
    return stream
      ? eventStream([chunk({}, 'content_filter'), sse('[DONE]')])
      : completion({ content: null }, 'content_filter');
  }
  if ('empty' in turn) {
    return stream
      ? eventStream([chunk({}, 'stop'), sse('[DONE]')])
      : completion({ content: '' }, 'stop');
  }
  if ('functionCalls' in turn) {
    const toolCalls = turn.functionCalls.map((call, index) => ({
      index,
      id: call.id,
      type: 'function',
      function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) },
    }));
    return stream
      ? eventStream([chunk({ tool_calls: toolCalls }), chunk({}, 'tool_calls'), sse('[DONE]')])
      : completion({ content: null, tool_calls: toolCalls }, 'tool_calls');
  }
  if ('text' in turn) {
    const { failAfterChunks } = turn;
    if (failAfterChunks !== undefined) return brokenText({ ...turn, failAfterChunks }, stream);
    return stream
      ? eventStream(textEvents(turn.chunks ?? [turn.text]))
      : completion({ content: turn.text }, 'stop');
  }
  return httpError(500, 'the Acme harness does not script this turn');
}

/** A Chat Completions body, read back into the suite's neutral form. */
function readRequest(body: Json): HarnessRequest {
  const messages = (body.messages as Json[]).map((message): HarnessMessage => {
    const toolCalls = (message.tool_calls as Json[] | undefined) ?? [];
    return {
      role:
        message.role === 'system' ? 'system' : message.role === 'assistant' ? 'assistant' : 'user',
      text:
        message.role === 'tool' ? '' : typeof message.content === 'string' ? message.content : '',
      functionCalls: toolCalls.map((call) => {
        const fn = call.function as { name: string; arguments: string };
        return { id: call.id as string, name: fn.name, args: JSON.parse(fn.arguments) };
      }),
      functionResponses:
        message.role === 'tool'
          ? [
              {
                id: message.tool_call_id as string,
                response: JSON.parse(message.content as string),
              },
            ]
          : [],
    };
  });
  const tools = (body.tools as Array<{ function: { name: string } }> | undefined) ?? [];
  return {
    model: body.model as string,
    stream: body.stream === true,
    messages,
    functionDeclarations: tools.map((tool) => tool.function.name),
  };
}

export function createAcmeHarness(): ConformanceHarness<{ apiKey: string; baseUrl: string }> {
  const queue: MockTurn[] = [];
  const received: HarnessRequest[] = [];
  let server: SetupServer | undefined;
  return {
    unsupported: {
      'blocking-models': 'msw answers only this thread; the blocking models run in a worker',
    },
    setup() {
      server = setupServer(
        http.post(`${BASE_URL}/chat/completions`, async ({ request }) => {
          if (request.headers.get('authorization') !== `Bearer ${API_KEY}`) {
            return HttpResponse.json({ error: { message: 'bad key' } }, { status: 401 });
          }
          const body = (await request.json()) as Json;
          received.push(readRequest(body));
          return respond(queue.shift(), body.stream === true);
        }),
      );
      // msw 2.15 tees each mocked response; cancelling its copy lets the client's own
      // cancel (a `break`, an abort) settle (mswjs/interceptors#712).
      server.events.on('response:mocked', ({ response }) => {
        response.body?.cancel().catch(() => {});
      });
      server.listen({ onUnhandledRequest: 'error' });
    },
    reset() {
      queue.length = 0;
      received.length = 0;
    },
    teardown() {
      server?.close();
    },
    adapterOptions: () => ({ apiKey: API_KEY, baseUrl: BASE_URL }),
    enqueue(...replies) {
      queue.push(...replies);
    },
    requests: () => received,
  };
}
