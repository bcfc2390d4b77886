import { expect, it } from 'vitest';
import { createFakeProvider } from '../fake-provider';
import { describeTransports } from '../testing/describe-transports';
import { frameData, postJson, sseFrames } from '../testing/post-json';

const anthropic = createFakeProvider('anthropic');
const auth = { 'x-api-key': 'test-key', 'anthropic-version': '2023-06-01' };
const usage = (input: number, output: number) => ({
  input_tokens: input,
  cache_creation_input_tokens: 0,
  cache_read_input_tokens: 0,
  output_tokens: output,
  service_tier: 'standard',
});

describeTransports([anthropic], (transport) => {
  const url = () => `${transport.baseUrl('anthropic')}/v1/messages`;
  const request = (extra: Record<string, unknown> = {}) => ({
    model: 'claude-test',
    max_tokens: 100,
    system: 'Be brief.',
    messages: [{ role: 'user', content: 'Hi there' }],
    ...extra,
  });

  it('answers a text reply as a message', async () => {
    anthropic.enqueue({ text: 'Hello world' });
    const response = await postJson(url(), auth, request());
    expect(response.status).toBe(200);
    expect(response.headers.get('request-id')).toMatch(/^req_011C\w{20}$/);
    expect(await response.json()).toEqual({
      id: expect.stringMatching(/^msg_01\w{22}$/),
      type: 'message',
      role: 'assistant',
      model: 'claude-test',
      content: [{ type: 'text', text: 'Hello world' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: usage(5, 3),
    });
  });

  it('streams event/data pairs from message_start to message_stop with a ping', async () => {
    anthropic.enqueue({ text: 'Hello world', chunks: ['Hel', 'lo world'] });
    const response = await postJson(url(), auth, request({ stream: true }));
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const frames = sseFrames(await response.text());
    const names = frames.map((frame) => frame.split('\n')[0]);
    expect(names).toEqual([
      'event: message_start',
      'event: content_block_start',
      'event: ping',
      'event: content_block_delta',
      'event: content_block_delta',
      'event: content_block_stop',
      'event: message_delta',
      'event: message_stop',
    ]);
    const data = frames.map((frame) => frameData(frame));
    expect(data).toEqual([
      {
        type: 'message_start',
        message: {
          id: expect.stringMatching(/^msg_01/),
          type: 'message',
          role: 'assistant',
          model: 'claude-test',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: usage(5, 1),
        },
      },
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'ping' },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hel' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'lo world' } },
      { type: 'content_block_stop', index: 0 },
      {
        type: 'message_delta',
        delta: { stop_reason: 'end_turn', stop_sequence: null },
        usage: { output_tokens: 3 },
      },
      { type: 'message_stop' },
    ]);
  });

  it('answers function calls as tool_use blocks, input streamed as input_json_delta', async () => {
    const call = { name: 'get_weather', args: { city: 'Paris' } };
    anthropic.enqueue({ functionCalls: [call], text: 'Let me check.' }, { functionCalls: [call] });
    const json = await (await postJson(url(), auth, request())).json();
    expect(json.content).toEqual([
      { type: 'text', text: 'Let me check.' },
      {
        type: 'tool_use',
        id: expect.stringMatching(/^toolu_01\w{22}$/),
        name: 'get_weather',
        input: { city: 'Paris' },
      },
    ]);
    expect(json.stop_reason).toBe('tool_use');
    const data = sseFrames(
      await (await postJson(url(), auth, request({ stream: true }))).text(),
    ).map(
      (frame) =>
        frameData(frame) as { type: string; delta?: { type: string; partial_json?: string } },
    );
    expect(data[1]).toEqual({
      type: 'content_block_start',
      index: 0,
      content_block: {
        type: 'tool_use',
        id: expect.stringMatching(/^toolu_01/),
        name: 'get_weather',
        input: {},
      },
    });
    const fragments = data.filter((event) => event.delta?.type === 'input_json_delta');
    expect(fragments[0]?.delta?.partial_json).toBe('');
    expect(fragments.map((event) => event.delta?.partial_json).join('')).toBe('{"city":"Paris"}');
    expect(data.at(-2)).toMatchObject({
      type: 'message_delta',
      delta: { stop_reason: 'tool_use' },
    });
  });

  it('answers a blocked reply with stop_reason refusal', async () => {
    anthropic.enqueue({ blocked: 'SAFETY' }, { blocked: 'SAFETY' });
    const json = await (await postJson(url(), auth, request())).json();
    expect(json).toMatchObject({ content: [], stop_reason: 'refusal' });
    const data = sseFrames(
      await (await postJson(url(), auth, request({ stream: true }))).text(),
    ).map((frame) => frameData(frame) as { type: string });
    expect(data.map((event) => event.type)).toEqual([
      'message_start',
      'ping',
      'message_delta',
      'message_stop',
    ]);
    expect(data[2]).toMatchObject({ delta: { stop_reason: 'refusal' } });
  });

  it('answers an empty reply with no content blocks', async () => {
    anthropic.enqueue({ empty: true });
    const json = await (await postJson(url(), auth, request())).json();
    expect(json).toMatchObject({ content: [], stop_reason: 'end_turn' });
  });

  it('answers scripted errors in the Anthropic error shape', async () => {
    anthropic.enqueue(
      { error: { name: 'ServerError', status: 529 } },
      { error: { name: 'NotFoundError', requestId: 'req_scripted' } },
    );
    const overloaded = await postJson(url(), auth, request());
    expect(overloaded.status).toBe(529);
    const requestId = overloaded.headers.get('request-id');
    expect(await overloaded.json()).toEqual({
      type: 'error',
      error: { type: 'overloaded_error', message: 'Overloaded' },
      request_id: requestId,
    });
    const missing = await postJson(url(), auth, request());
    // A scripted request id goes out in the header the provider uses for it.
    expect(missing.headers.get('request-id')).toBe('req_scripted');
    expect((await missing.json()).error).toEqual({
      type: 'not_found_error',
      message: 'model: claude-test',
    });
  });

  it('rejects a missing or wrong key with 401 authentication_error', async () => {
    const missing = await postJson(url(), { 'anthropic-version': '2023-06-01' }, request());
    expect(missing.status).toBe(401);
    expect((await missing.json()).error).toEqual({
      type: 'authentication_error',
      message: 'x-api-key header is required',
    });
    const wrong = await postJson(url(), { ...auth, 'x-api-key': 'sk-ant-wrong' }, request());
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error).toEqual({
      type: 'authentication_error',
      message: 'invalid x-api-key',
    });
  });

  it('requires the anthropic-version header and max_tokens', async () => {
    const noVersion = await postJson(url(), { 'x-api-key': 'test-key' }, request());
    expect(noVersion.status).toBe(400);
    expect((await noVersion.json()).error.message).toBe('anthropic-version: header is required');
    const noMax = await postJson(url(), auth, { model: 'claude-test', messages: [] });
    expect(noMax.status).toBe(400);
    expect((await noMax.json()).error).toEqual({
      type: 'invalid_request_error',
      message: 'max_tokens: Field required',
    });
  });

  it('refuses blank text blocks in any message, as the API does', async () => {
    const withText = (text: string) => ({
      model: 'claude-test',
      max_tokens: 10,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Hi' }] },
        { role: 'assistant', content: [{ type: 'text', text }] },
        { role: 'user', content: 'Again' },
      ],
    });
    const blank = await postJson(url(), auth, withText(' \n'));
    expect(blank.status).toBe(400);
    expect((await blank.json()).error).toEqual({
      type: 'invalid_request_error',
      message: 'messages: text content blocks must contain non-whitespace text',
    });
    const empty = await postJson(url(), auth, withText(''));
    expect((await empty.json()).error.message).toBe(
      'messages: text content blocks must be non-empty',
    );
    expect((await postJson(url(), auth, withText(' ok '))).status).toBe(200);
  });

  it('logs requests with the key redacted and the body parsed', async () => {
    await postJson(url(), auth, {
      model: 'claude-test',
      max_tokens: 10,
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'w', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: '20' }] },
      ],
      tools: [{ name: 'w', input_schema: { type: 'object' } }],
    });
    expect(anthropic.requests[0]).toMatchObject({
      path: '/v1/messages',
      authorized: true,
      headers: { 'x-api-key': '[redacted]', 'anthropic-version': '2023-06-01' },
      parsed: {
        model: 'claude-test',
        stream: false,
        toolNames: ['w'],
        hasToolResults: true,
        messages: [
          { role: 'user', text: 'Weather?', toolCalls: 0, toolResults: 0 },
          { role: 'assistant', text: '', toolCalls: 1, toolResults: 0 },
          { role: 'user', text: '', toolCalls: 0, toolResults: 1 },
        ],
      },
    });
  });

  it('echoes the last user text by default and acknowledges tool results', async () => {
    const echo = await (await postJson(url(), auth, request())).json();
    expect(echo.content).toEqual([{ type: 'text', text: 'Echo: Hi there' }]);
    const ack = await postJson(url(), auth, {
      model: 'claude-test',
      max_tokens: 10,
      messages: [
        { role: 'user', content: 'go' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'w', input: {} }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: '20' }] },
      ],
    });
    expect((await ack.json()).content).toEqual([{ type: 'text', text: 'Received 1 tool result.' }]);
  });
});
