import type {
  ConformanceHarness,
  HarnessMessage,
  HarnessReply,
  HarnessRequest,
} from '@colloquy/conformance';
import { HttpResponse, http } from 'msw';
import { type SetupServer, setupServer } from 'msw/node';

// A harness for an OpenAI-compatible API ("Acme"), written with msw handlers: each scripted
// reply is rendered in the wire format, and each request body is read back.

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

function respond(reply: HarnessReply | undefined, stream: boolean): Response {
  if (reply === undefined)
    return HttpResponse.json({ error: { message: 'nothing queued' } }, { status: 500 });
  switch (reply.type) {
    case 'text':
      return stream
        ? eventStream(textEvents(reply.chunks ?? [reply.text]))
        : completion({ content: reply.text }, 'stop');
    case 'function-calls': {
      const toolCalls = reply.calls.map((call, index) => ({
        index,
        id: call.id,
        type: 'function',
        function: { name: call.name, arguments: JSON.stringify(call.args) },
      }));
      return stream
        ? eventStream([chunk({ tool_calls: toolCalls }), chunk({}, 'tool_calls'), sse('[DONE]')])
        : completion({ content: null, tool_calls: toolCalls }, 'tool_calls');
    }
    case 'blocked':
      return stream
        ? eventStream([chunk({}, 'content_filter'), sse('[DONE]')])
        : completion({ content: null }, 'content_filter');
    case 'empty':
      return stream
        ? eventStream([chunk({}, 'stop'), sse('[DONE]')])
        : completion({ content: '' }, 'stop');
    case 'http-error': {
      const headers: Record<string, string> = {};
      if (reply.retryAfterSeconds !== undefined)
        headers['retry-after'] = String(reply.retryAfterSeconds);
      if (reply.requestId !== undefined) headers['x-request-id'] = reply.requestId;
      const error = { message: reply.message ?? `HTTP ${reply.status}`, type: 'api_error' };
      return HttpResponse.json({ error }, { status: reply.status, headers });
    }
    case 'malformed-event': {
      if (!stream)
        return new Response('{"id":"chatcmpl-1","choi', {
          headers: { 'content-type': 'application/json' },
        });
      const events = textEvents(reply.chunks);
      events[reply.atChunk] = 'data: {"choices":[{"index":0,"del\n\n';
      return eventStream(events);
    }
    case 'drop-mid-stream':
      return eventStream(textEvents(reply.chunks), reply.afterChunks, { drop: true });
    case 'error-event': {
      const error = { message: reply.message ?? 'Overloaded', type: 'server_error' };
      return eventStream([...textEvents(reply.chunks).slice(0, reply.afterChunks), sse({ error })]);
    }
    case 'stall-mid-stream':
      return eventStream(textEvents(reply.chunks), reply.afterChunks, { stallMs: reply.stallMs });
  }
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
  const queue: HarnessReply[] = [];
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
