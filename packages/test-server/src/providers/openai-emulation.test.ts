import { expect, it } from 'vitest';
import { createFakeProvider } from '../fake-provider';
import { describeTransports } from '../testing/describe-transports';
import { frameData, postJson, sseFrames } from '../testing/post-json';

const openai = createFakeProvider('openai');
const auth = { authorization: 'Bearer test-key' };
const usage = (prompt: number, completion: number) => ({
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
});

describeTransports([openai], (transport) => {
  const url = () => `${transport.baseUrl('openai')}/chat/completions`;
  const request = (extra: Record<string, unknown> = {}) => ({
    model: 'gpt-test',
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi there' },
    ],
    ...extra,
  });

  it('answers a text reply as a chat.completion', async () => {
    openai.enqueue({ text: 'Hello world' });
    const response = await postJson(url(), auth, request());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    expect(response.headers.get('x-request-id')).toMatch(/^req_[0-9a-f]{32}$/);
    expect(await response.json()).toEqual({
      id: expect.stringMatching(/^chatcmpl-\w{29}$/),
      object: 'chat.completion',
      created: expect.any(Number),
      model: 'gpt-test',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: 'Hello world', refusal: null, annotations: [] },
          logprobs: null,
          finish_reason: 'stop',
        },
      ],
      usage: usage(5, 3),
      service_tier: 'default',
      system_fingerprint: 'fp_fake000000',
    });
  });

  it('streams chunks, a usage chunk when asked, and [DONE]', async () => {
    openai.enqueue({ text: 'Hello world', chunks: ['Hel', 'lo world'] });
    const response = await postJson(
      url(),
      auth,
      request({ stream: true, stream_options: { include_usage: true } }),
    );
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const text = await response.text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const frames = sseFrames(text);
    expect(frames.every((frame) => frame.startsWith('data: ') && !frame.includes('\n'))).toBe(true);
    const chunks = frames.map((frame) => frameData(frame));
    const base = {
      id: expect.stringMatching(/^chatcmpl-/),
      object: 'chat.completion.chunk',
      created: expect.any(Number),
      model: 'gpt-test',
      service_tier: 'default',
      system_fingerprint: 'fp_fake000000',
    };
    const choice = (delta: unknown, finish: string | null = null) => ({
      ...base,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
      usage: null,
    });
    expect(chunks).toEqual([
      choice({ role: 'assistant', content: '', refusal: null }),
      choice({ content: 'Hel' }),
      choice({ content: 'lo world' }),
      choice({}, 'stop'),
      { ...base, choices: [], usage: usage(5, 3) },
      '[DONE]',
    ]);
  });

  it('leaves usage out of the chunks without include_usage', async () => {
    const response = await postJson(url(), auth, request({ stream: true }));
    const chunks = sseFrames(await response.text()).map((frame) => frameData(frame));
    expect(chunks.at(-1)).toBe('[DONE]');
    expect(
      chunks.some((chunk) => typeof chunk === 'object' && chunk !== null && 'usage' in chunk),
    ).toBe(false);
  });

  it('answers function calls as tool_calls, with arguments streamed in fragments', async () => {
    const call = { name: 'get_weather', args: { city: 'Paris', unit: 'celsius' } };
    openai.enqueue({ functionCalls: [call] }, { functionCalls: [{ ...call, id: 'call_given' }] });
    const json = await (await postJson(url(), auth, request())).json();
    expect(json.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        refusal: null,
        annotations: [],
        tool_calls: [
          {
            id: expect.stringMatching(/^call_\w{24}$/),
            type: 'function',
            function: { name: 'get_weather', arguments: '{"city":"Paris","unit":"celsius"}' },
          },
        ],
      },
      logprobs: null,
      finish_reason: 'tool_calls',
    });

    const text = await (await postJson(url(), auth, request({ stream: true }))).text();
    const deltas = sseFrames(text)
      .map((frame) => frameData(frame))
      .filter(
        (chunk): chunk is { choices: [{ delta: { tool_calls?: unknown[] } }] } =>
          typeof chunk === 'object',
      )
      .flatMap((chunk) => chunk.choices[0].delta.tool_calls ?? []) as {
      index: number;
      id?: string;
      function: { name?: string; arguments: string };
    }[];
    expect(deltas[0]).toEqual({
      index: 0,
      id: 'call_given',
      type: 'function',
      function: { name: 'get_weather', arguments: '' },
    });
    expect(deltas.length).toBeGreaterThan(2);
    expect(deltas.map((delta) => delta.function.arguments).join('')).toBe(
      '{"city":"Paris","unit":"celsius"}',
    );
    expect(text).toContain('"finish_reason":"tool_calls"');
  });

  it('answers a blocked reply with content_filter and null content', async () => {
    openai.enqueue({ blocked: 'SAFETY' }, { blocked: 'SAFETY' });
    const json = await (await postJson(url(), auth, request())).json();
    expect(json.choices[0].message.content).toBeNull();
    expect(json.choices[0].finish_reason).toBe('content_filter');
    const chunks = sseFrames(
      await (await postJson(url(), auth, request({ stream: true }))).text(),
    ).map((frame) => frameData(frame) as { choices: { finish_reason: string | null }[] } | string);
    expect(chunks).toHaveLength(3);
    expect(typeof chunks[1] === 'object' && chunks[1].choices[0]?.finish_reason).toBe(
      'content_filter',
    );
  });

  it('answers an empty reply with empty content', async () => {
    openai.enqueue({ empty: true });
    const json = await (await postJson(url(), auth, request())).json();
    expect(json.choices[0].message.content).toBe('');
    expect(json.choices[0].finish_reason).toBe('stop');
  });

  it('answers a scripted error in the OpenAI error shape', async () => {
    openai.enqueue(
      { error: { name: 'RateLimitError', retryAfterMs: 3000 } },
      { error: { name: 'ServerError' } },
      { error: { name: 'ApiError', providerMessage: 'Bad thing' } },
    );
    const limited = await postJson(url(), auth, request());
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('3');
    expect(limited.headers.get('x-request-id')).toMatch(/^req_/);
    expect(await limited.json()).toEqual({
      error: {
        message: expect.stringContaining('Rate limit reached for gpt-test'),
        type: 'requests',
        param: null,
        code: 'rate_limit_exceeded',
      },
    });
    const server = await postJson(url(), auth, request());
    expect(server.status).toBe(500);
    expect((await server.json()).error).toMatchObject({ type: 'server_error', code: null });
    const bad = await postJson(url(), auth, request());
    expect(await bad.json()).toEqual({
      error: { message: 'Bad thing', type: 'invalid_request_error', param: null, code: null },
    });
  });

  it('rejects a missing or wrong key with 401 and keeps the script', async () => {
    openai.enqueue({ text: 'kept' });
    const missing = await postJson(url(), {}, request());
    expect(missing.status).toBe(401);
    expect((await missing.json()).error).toMatchObject({
      message: expect.stringContaining("You didn't provide an API key"),
      type: 'invalid_request_error',
      code: null,
    });
    const wrong = await postJson(url(), { authorization: 'Bearer sk-wrong-key-123456' }, request());
    expect(wrong.status).toBe(401);
    const body = await wrong.json();
    expect(body.error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key' });
    expect(body.error.message).not.toContain('sk-wrong-key-123456');
    expect(openai.pending).toBe(1);
    expect(openai.requests.map((logged) => logged.authorized)).toEqual([false, false]);
  });

  it('rejects a body without messages with a 400', async () => {
    const response = await postJson(url(), auth, { model: 'gpt-test' });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe("Missing required parameter: 'messages'.");
  });

  it('logs requests with the key redacted and the body parsed', async () => {
    await postJson(url(), auth, {
      model: 'gpt-test',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'c1', type: 'function', function: { name: 'w', arguments: '{}' } }],
        },
        { role: 'tool', tool_call_id: 'c1', content: '{"t":20}' },
      ],
      tools: [{ type: 'function', function: { name: 'w', parameters: {} } }],
      stream: true,
    });
    const [logged] = openai.requests;
    expect(logged).toMatchObject({
      method: 'POST',
      path: '/v1/chat/completions',
      authorized: true,
      headers: { authorization: '[redacted]', 'content-type': 'application/json' },
      body: { model: 'gpt-test' },
      parsed: {
        model: 'gpt-test',
        stream: true,
        toolNames: ['w'],
        hasToolResults: true,
        includeUsage: false,
        messages: [
          { role: 'user', text: 'Weather?', toolCalls: 0, toolResults: 0 },
          { role: 'assistant', text: '', toolCalls: 1, toolResults: 0 },
          { role: 'user', text: '', toolCalls: 0, toolResults: 1 },
        ],
      },
    });
    expect(JSON.stringify(openai.requests)).not.toContain('test-key');
  });

  it('echoes the last user text by default and acknowledges tool results', async () => {
    const echo = await (await postJson(url(), auth, request())).json();
    expect(echo.choices[0].message.content).toBe('Echo: Hi there');
    const ack = await postJson(url(), auth, {
      model: 'gpt-test',
      messages: [
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: null, tool_calls: [] },
        { role: 'tool', tool_call_id: 'a', content: '1' },
        { role: 'tool', tool_call_id: 'b', content: '2' },
      ],
    });
    expect((await ack.json()).choices[0].message.content).toBe('Received 2 tool results.');
  });
});
