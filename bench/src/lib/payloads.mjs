// Pre-rendered response bodies in each provider's wire format. Every client in a comparison
// receives the very same bytes from the same server.
//
// The number of text events comes from the model name, `bench-<events>` (default 20,000), so
// any client can ask for any size without extra headers or query parameters.

const WORDS = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit'];

/** The text of event i: one word and a space, as a tokenised model stream looks. */
export function tokenText(i) {
  return `${WORDS[i % WORDS.length]} `;
}

/** The total text length a client must have received for a stream of n events. */
export function expectedTextLength(n) {
  let length = 0;
  for (let i = 0; i < n; i++) length += tokenText(i).length;
  return length;
}

export function eventsOfModel(model, fallback = 20_000) {
  const match = /bench-(\d+)/.exec(String(model ?? ''));
  return match ? Number(match[1]) : fallback;
}

const sse = (data) => `data: ${data}\n\n`;
const named = (event, data) => `event: ${event}\ndata: ${JSON.stringify(data)}\n\n`;

/** Gemini streamGenerateContent?alt=sse: every event a whole response, usage on each. */
export function geminiStream(n) {
  const chunks = [];
  for (let i = 0; i < n; i++) {
    const candidate = { content: { parts: [{ text: tokenText(i) }], role: 'model' }, index: 0 };
    if (i === n - 1) candidate.finishReason = 'STOP';
    chunks.push(
      sse(
        JSON.stringify({
          candidates: [candidate],
          usageMetadata: {
            promptTokenCount: 8,
            candidatesTokenCount: i + 1,
            totalTokenCount: 9 + i,
          },
          modelVersion: 'gemini-2.5-flash',
          responseId: 'bench-response',
        }),
      ),
    );
  }
  return chunks.join('');
}

export function geminiJson() {
  return JSON.stringify({
    candidates: [
      {
        content: { parts: [{ text: 'Hello! How can I help?' }], role: 'model' },
        finishReason: 'STOP',
        index: 0,
      },
    ],
    usageMetadata: { promptTokenCount: 8, candidatesTokenCount: 7, totalTokenCount: 15 },
    modelVersion: 'gemini-2.5-flash',
    responseId: 'bench-response',
  });
}

/** OpenAI chat completions: role chunk, content deltas, finish chunk, usage chunk, [DONE]. */
export function openaiStream(n) {
  const base = {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1_750_000_000,
    model: 'gpt-4o-mini-2024-07-18',
    system_fingerprint: 'fp_bench',
  };
  const chunk = (delta, finish) =>
    sse(
      JSON.stringify({
        ...base,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        usage: null,
      }),
    );
  const chunks = [chunk({ role: 'assistant', content: '', refusal: null }, null)];
  for (let i = 0; i < n; i++) chunks.push(chunk({ content: tokenText(i) }, null));
  chunks.push(chunk({}, 'stop'));
  chunks.push(
    sse(
      JSON.stringify({
        ...base,
        choices: [],
        usage: { prompt_tokens: 8, completion_tokens: n, total_tokens: 8 + n },
      }),
    ),
  );
  chunks.push(sse('[DONE]'));
  return chunks.join('');
}

export function openaiJson() {
  return JSON.stringify({
    id: 'chatcmpl-bench',
    object: 'chat.completion',
    created: 1_750_000_000,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: 'Hello! How can I help?', refusal: null },
        logprobs: null,
        finish_reason: 'stop',
      },
    ],
    usage: { prompt_tokens: 8, completion_tokens: 7, total_tokens: 15 },
    system_fingerprint: 'fp_bench',
  });
}

/** Anthropic messages: the full event sequence with n text deltas. */
export function anthropicStream(n) {
  const chunks = [
    named('message_start', {
      type: 'message_start',
      message: {
        id: 'msg_bench',
        type: 'message',
        role: 'assistant',
        model: 'claude-sonnet-4-5',
        content: [],
        stop_reason: null,
        stop_sequence: null,
        usage: { input_tokens: 8, output_tokens: 1 },
      },
    }),
    named('content_block_start', {
      type: 'content_block_start',
      index: 0,
      content_block: { type: 'text', text: '' },
    }),
    named('ping', { type: 'ping' }),
  ];
  for (let i = 0; i < n; i++) {
    chunks.push(
      named('content_block_delta', {
        type: 'content_block_delta',
        index: 0,
        delta: { type: 'text_delta', text: tokenText(i) },
      }),
    );
  }
  chunks.push(named('content_block_stop', { type: 'content_block_stop', index: 0 }));
  chunks.push(
    named('message_delta', {
      type: 'message_delta',
      delta: { stop_reason: 'end_turn', stop_sequence: null },
      usage: { output_tokens: n },
    }),
  );
  chunks.push(named('message_stop', { type: 'message_stop' }));
  return chunks.join('');
}

export function anthropicJson() {
  return JSON.stringify({
    id: 'msg_bench',
    type: 'message',
    role: 'assistant',
    model: 'claude-sonnet-4-5',
    content: [{ type: 'text', text: 'Hello! How can I help?' }],
    stop_reason: 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: 8, output_tokens: 7 },
  });
}
