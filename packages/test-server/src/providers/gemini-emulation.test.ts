import { expect, it } from 'vitest';
import { createFakeProvider } from '../fake-provider';
import { describeTransports } from '../testing/describe-transports';
import { frameData, postJson, sseFrames } from '../testing/post-json';

const gemini = createFakeProvider('gemini');
const auth = { 'x-goog-api-key': 'test-key' };
const promptUsage = {
  promptTokenCount: 2,
  totalTokenCount: 2,
  promptTokensDetails: [{ modality: 'TEXT', tokenCount: 2 }],
};
const finalUsage = (output: number) => ({
  promptTokenCount: 2,
  candidatesTokenCount: output,
  totalTokenCount: 2 + output,
  promptTokensDetails: [{ modality: 'TEXT', tokenCount: 2 }],
  candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: output }],
});

describeTransports([gemini], (transport) => {
  const url = (action: string) =>
    `${transport.baseUrl('gemini')}/v1beta/models/gemini-test:${action}`;
  const request = (extra: Record<string, unknown> = {}) => ({
    contents: [{ role: 'user', parts: [{ text: 'Hi there' }] }],
    ...extra,
  });
  const envelope = (candidate: unknown, usageMetadata: unknown) => ({
    candidates: [candidate],
    usageMetadata,
    modelVersion: 'gemini-test',
    responseId: expect.stringMatching(/^\w{23}$/),
  });

  it('answers a text reply as a GenerateContentResponse', async () => {
    gemini.enqueue({ text: 'Hello world' });
    const response = await postJson(url('generateContent'), auth, request());
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(await response.json()).toEqual(
      envelope(
        { content: { parts: [{ text: 'Hello world' }], role: 'model' }, finishReason: 'STOP' },
        finalUsage(3),
      ),
    );
  });

  it('streams CRLF-framed data events, the last one with finishReason', async () => {
    gemini.enqueue({ text: 'Hello world', chunks: ['Hel', 'lo world'] });
    const response = await postJson(url('streamGenerateContent?alt=sse'), auth, request());
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = await response.text();
    const frames = sseFrames(text, '\r\n\r\n');
    expect(frames.every((frame) => frame.startsWith('data: {'))).toBe(true);
    expect(frames.map((frame) => frameData(frame, '\r\n'))).toEqual([
      envelope({ content: { parts: [{ text: 'Hel' }], role: 'model' } }, promptUsage),
      envelope(
        { content: { parts: [{ text: 'lo world' }], role: 'model' }, finishReason: 'STOP' },
        finalUsage(3),
      ),
    ]);
  });

  it('streams a JSON array without alt=sse', async () => {
    gemini.enqueue({ text: 'a b' });
    const response = await postJson(url('streamGenerateContent'), auth, request());
    const body = await response.json();
    expect(body).toHaveLength(2);
    expect(body[1].candidates[0].finishReason).toBe('STOP');
  });

  it('answers function calls as functionCall parts finishing with STOP', async () => {
    const call = { name: 'customDivide', args: { numerator: 100, denominator: 2 } };
    gemini.enqueue(
      { functionCalls: [call] },
      { functionCalls: [{ ...call, id: 'fc-1' }], text: 'Calling.' },
    );
    const json = await (await postJson(url('generateContent'), auth, request())).json();
    expect(json.candidates[0]).toEqual({
      content: { parts: [{ functionCall: call }], role: 'model' },
      finishReason: 'STOP',
    });
    const text = await (
      await postJson(url('streamGenerateContent?alt=sse'), auth, request())
    ).text();
    const events = sseFrames(text, '\r\n\r\n').map((frame) => frameData(frame, '\r\n')) as {
      candidates: { content: { parts: unknown[] }; finishReason?: string }[];
    }[];
    expect(events.at(-1)?.candidates[0]).toEqual({
      content: { parts: [{ functionCall: { ...call, id: 'fc-1' } }], role: 'model' },
      finishReason: 'STOP',
    });
    expect(events[0]?.candidates[0]?.content.parts).toEqual([{ text: 'Calling.' }]);
  });

  it('answers a blocked reply with SAFETY and no content', async () => {
    gemini.enqueue({ blocked: 'SAFETY' }, { blocked: 'SAFETY' });
    const json = await (await postJson(url('generateContent'), auth, request())).json();
    expect(json.candidates[0]).toMatchObject({ finishReason: 'SAFETY', index: 0 });
    expect(json.candidates[0]).not.toHaveProperty('content');
    expect(json.candidates[0].safetyRatings).toContainEqual(
      expect.objectContaining({ blocked: true, probability: 'HIGH' }),
    );
    const text = await (
      await postJson(url('streamGenerateContent?alt=sse'), auth, request())
    ).text();
    const frames = sseFrames(text, '\r\n\r\n');
    expect(frames).toHaveLength(1);
    expect(frameData(frames[0] ?? '', '\r\n')).toMatchObject({
      candidates: [{ finishReason: 'SAFETY' }],
    });
  });

  it('answers an empty reply with a model content without parts', async () => {
    gemini.enqueue({ empty: true });
    const json = await (await postJson(url('generateContent'), auth, request())).json();
    expect(json.candidates[0]).toEqual({ content: { role: 'model' }, finishReason: 'STOP' });
  });

  it('answers a scripted error as a pretty-printed google.rpc error', async () => {
    gemini.enqueue(
      { error: { name: 'NotFoundError' } },
      { error: { name: 'ServerError', status: 503, providerMessage: 'Busy' } },
    );
    const missing = await postJson(url('streamGenerateContent?alt=sse'), auth, request());
    expect(missing.status).toBe(404);
    // As recorded from the real API: the SSE endpoint keeps its content type on errors.
    expect(missing.headers.get('content-type')).toBe('text/event-stream');
    const text = await missing.text();
    expect(text.startsWith('{\n  "error": {\n    "code": 404,')).toBe(true);
    expect(JSON.parse(text)).toEqual({
      error: {
        code: 404,
        message:
          'models/gemini-test is not found for API version v1beta, or is not supported for generateContent. Call ListModels to see the list of available models and their supported methods.',
        status: 'NOT_FOUND',
      },
    });
    const busy = await postJson(url('generateContent'), auth, request());
    expect(busy.headers.get('content-type')).toBe('application/json; charset=UTF-8');
    expect(await busy.json()).toEqual({
      error: { code: 503, message: 'Busy', status: 'UNAVAILABLE' },
    });
  });

  it('answers a wrong key with 400 API_KEY_INVALID and a missing one with 403', async () => {
    const wrong = await postJson(
      url('generateContent'),
      { 'x-goog-api-key': 'AIzaWrong' },
      request(),
    );
    expect(wrong.status).toBe(400);
    const body = await wrong.json();
    expect(body.error).toMatchObject({
      code: 400,
      status: 'INVALID_ARGUMENT',
      message: 'API key not valid. Please pass a valid API key.',
    });
    expect(body.error.details[0]).toMatchObject({ reason: 'API_KEY_INVALID' });
    const missing = await postJson(url('generateContent'), {}, request());
    expect(missing.status).toBe(403);
    expect((await missing.json()).error.status).toBe('PERMISSION_DENIED');
  });

  it('accepts the key as a query parameter and redacts it in the log', async () => {
    const response = await postJson(`${url('generateContent')}?key=test-key`, {}, request());
    expect(response.status).toBe(200);
    expect(gemini.requests[0]?.query).toEqual({ key: '[redacted]' });
  });

  it('logs requests with the key redacted and the body parsed', async () => {
    await postJson(url('streamGenerateContent?alt=sse'), auth, {
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'what is' }, { text: '100/2?' }] },
        { role: 'model', parts: [{ functionCall: { name: 'customDivide', args: {} } }] },
        {
          role: 'user',
          parts: [{ functionResponse: { name: 'customDivide', response: { r: 50 } } }],
        },
      ],
      tools: [{ functionDeclarations: [{ name: 'customDivide' }] }],
    });
    expect(gemini.requests[0]).toMatchObject({
      path: '/v1beta/models/gemini-test:streamGenerateContent',
      query: { alt: 'sse' },
      headers: { 'x-goog-api-key': '[redacted]' },
      authorized: true,
      parsed: {
        model: 'gemini-test',
        stream: true,
        toolNames: ['customDivide'],
        hasToolResults: true,
        messages: [
          { role: 'system', text: 'Be brief.', toolCalls: 0, toolResults: 0 },
          { role: 'user', text: 'what is\n100/2?', toolCalls: 0, toolResults: 0 },
          { role: 'assistant', text: '', toolCalls: 1, toolResults: 0 },
          { role: 'user', text: '', toolCalls: 0, toolResults: 1 },
        ],
      },
    });
  });

  it('echoes the last user text by default and acknowledges tool results', async () => {
    const echo = await (await postJson(url('generateContent'), auth, request())).json();
    expect(echo.candidates[0].content.parts).toEqual([{ text: 'Echo: Hi there' }]);
    const ack = await postJson(url('generateContent'), auth, {
      contents: [
        { role: 'user', parts: [{ text: 'go' }] },
        { role: 'user', parts: [{ functionResponse: { name: 'f', response: {} } }] },
      ],
    });
    expect((await ack.json()).candidates[0].content.parts).toEqual([
      { text: 'Received 1 tool result.' },
    ]);
  });

  it('rejects an invalid role with a 400', async () => {
    const response = await postJson(url('generateContent'), auth, {
      contents: [{ role: 'assistant', parts: [{ text: 'x' }] }],
    });
    expect(response.status).toBe(400);
    expect((await response.json()).error.message).toBe('Please use a valid role: user, model.');
  });
});
