import {
  DefaultChatTransport,
  parseJsonEventStream,
  readUIMessageStream,
  type UIMessage,
  type UIMessageChunk,
  uiMessageChunkSchema,
} from 'ai';
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../__fixtures__/handler-harness';

const REPLY = 'Hello from the mock, streamed word by word.';
const LONG = Array.from({ length: 30 }, (_, i) => `w${i}`).join(' ');

/** useChat's transport, pointed at the handler's routes as the README says. */
function transportFor(h: Harness) {
  return new DefaultChatTransport<UIMessage>({
    api: '/api/sessions',
    headers: { 'x-owner': 'alice' },
    prepareSendMessagesRequest: ({ id, messages, trigger, messageId }) => ({
      api: `/api/sessions/${id}/messages`,
      body: { id, messages, trigger, messageId },
    }),
    fetch: (input, init) =>
      h.handler(new Request(new URL(String(input), 'http://test'), init as RequestInit)),
  });
}

const userMessage = (text: string): UIMessage => ({
  id: crypto.randomUUID(),
  role: 'user',
  parts: [{ type: 'text', text }],
});

/** The assistant message the AI SDK's own reader builds from the chunks. */
async function finalMessage(
  stream: ReadableStream<UIMessageChunk>,
): Promise<UIMessage | undefined> {
  let last: UIMessage | undefined;
  for await (const message of readUIMessageStream({ stream })) last = message;
  return last;
}

const textOf = (message: UIMessage | undefined) =>
  (message?.parts ?? []).map((p) => (p.type === 'text' ? p.text : '')).join('');

describe("protocol: 'ai-sdk' (the Vercel AI SDK 5 UI message stream)", () => {
  let h: Harness;
  afterEach(async () => {
    await h?.close();
  });

  it("answers useChat's request with a stream the AI SDK reads into the reply", async () => {
    h = createHarness('memory', { script: [{ text: REPLY }], handler: { protocol: 'ai-sdk' } });
    const id = await h.createSession();
    const stream = await transportFor(h).sendMessages({
      chatId: id,
      messages: [userMessage('earlier'), userMessage('hi there')],
      trigger: 'submit-message',
      messageId: undefined,
      abortSignal: undefined,
    });
    const message = await finalMessage(stream);
    expect(message?.role).toBe('assistant');
    expect(textOf(message)).toBe(REPLY);
    // Only the last user message is sent: the rest of the history is the session's.
    expect(h.mock.requests[0]?.contents).toEqual([{ role: 'user', parts: [{ text: 'hi there' }] }]);
  });

  it('sets the protocol header, and still takes { message }', async () => {
    h = createHarness('memory', { script: [{ text: REPLY }], handler: { protocol: 'ai-sdk' } });
    const id = await h.createSession();
    const response = await h.send(id, 'hi');
    expect(response.headers.get('x-vercel-ai-ui-message-stream')).toBe('v1');
    const body = await response.text();
    expect(body.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('resumes a running reply through the transport, and has nothing to resume once it ended', async () => {
    h = createHarness('memory', {
      script: { turns: [{ text: LONG }], chunkDelayMs: 15 },
      handler: { protocol: 'ai-sdk' },
    });
    const id = await h.createSession();
    const transport = transportFor(h);
    const leave = new AbortController();
    const first = await transport.sendMessages({
      chatId: id,
      messages: [userMessage('go')],
      trigger: 'submit-message',
      messageId: undefined,
      abortSignal: leave.signal,
    });
    const reader = first.getReader();
    await reader.read();
    await reader.cancel();
    const resumed = await transport.reconnectToStream({ chatId: id });
    expect(resumed).not.toBeNull();
    expect(textOf(await finalMessage(resumed as ReadableStream<UIMessageChunk>))).toBe(LONG);
    expect(await transport.reconnectToStream({ chatId: id })).toBeNull();
  });

  it('a reply that fails midway ends with an error chunk the AI SDK accepts', async () => {
    h = createHarness('memory', {
      script: [{ text: REPLY, failAfterChunks: 2 }],
      handler: { protocol: 'ai-sdk' },
    });
    const id = await h.createSession();
    const response = await h.send(id, 'hi');
    const types: string[] = [];
    const parsed = parseJsonEventStream({
      stream: response.body as ReadableStream<Uint8Array>,
      schema: uiMessageChunkSchema,
    });
    const reader = parsed.getReader();
    for (;;) {
      const { done, value: result } = await reader.read();
      if (done) break;
      if (!result.success) throw result.error;
      types.push(result.value.type);
      if (result.value.type === 'error') expect(result.value.errorText).toMatch(/stream/i);
    }
    expect(types).toEqual([
      'start',
      'start-step',
      'text-start',
      'text-delta',
      'text-delta',
      'text-end',
      'error',
      'finish-step',
      'finish',
    ]);
  });

  it('a user message without text is 400', async () => {
    h = createHarness('memory', { handler: { protocol: 'ai-sdk' } });
    const id = await h.createSession();
    const response = await h.call('POST', `/api/sessions/${id}/messages`, {
      body: { id, messages: [{ id: 'm', role: 'user', parts: [{ type: 'file', url: 'x' }] }] },
    });
    expect(response.status).toBe(400);
    expect(h.mock.requests).toHaveLength(0);
  });
});
