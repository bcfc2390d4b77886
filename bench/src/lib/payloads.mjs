// Pre-rendered response bodies in each provider's wire format. Every client in a comparison
// receives the very same bytes from the same server.
//
// The number of text events comes from the model name, `bench-<events>` (default 20,000), so
// any client can ask for any size without extra headers or query parameters.

const WORDS = ['lorem', 'ipsum', 'dolor', 'sit', 'amet', 'consectetur', 'adipiscing', 'elit'];

/** The text of event i: one word and a space, as a tokenised model stream looks. */
function tokenText(i) {
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

/**
 * JSON spaced as the Gemini API writes it: a space after each colon, none after commas
 * (`{"candidates": [{"content": {"parts": [{"text": "Hi"}],"role": "model"}}],...}`).
 */
function googleJson(value) {
  if (Array.isArray(value)) return `[${value.map(googleJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const members = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${googleJson(v)}`);
    return `{${members.join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Gemini streamGenerateContent?alt=sse, shaped like the recorded replies in
 * shared/fixtures/gemini-recordings: every event a whole response repeating the prompt's
 * usage, model version and response id; the last one adds the finish reason and the
 * candidates' token counts.
 */
export function geminiStream(n) {
  const prompt = {
    promptTokenCount: 8,
    promptTokensDetails: [{ modality: 'TEXT', tokenCount: 8 }],
  };
  const chunks = [];
  for (let i = 0; i < n; i++) {
    const last = i === n - 1;
    const candidate = { content: { parts: [{ text: tokenText(i) }], role: 'model' } };
    if (last) candidate.finishReason = 'STOP';
    const usageMetadata = last
      ? {
          promptTokenCount: 8,
          candidatesTokenCount: n,
          totalTokenCount: 8 + n,
          promptTokensDetails: prompt.promptTokensDetails,
          candidatesTokensDetails: [{ modality: 'TEXT', tokenCount: n }],
        }
      : { ...prompt, totalTokenCount: 8 };
    chunks.push(
      sse(
        googleJson({
          candidates: [candidate],
          usageMetadata,
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

/**
 * Random-looking padding of varying length, as OpenAI's `obfuscation` field carries on each
 * delta event by default (stream_options.include_obfuscation); seeded, so every run and
 * every client gets the same bytes.
 */
function obfuscation(i) {
  let x = (i + 1) * 2654435761;
  let out = '';
  const length = 1 + ((i * 7) % 12);
  for (let k = 0; k < length; k++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    out += 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[x % 62];
  }
  return out;
}

/**
 * OpenAI chat completions as the API streams them today: role chunk, content deltas, finish
 * chunk, usage chunk, [DONE]; `usage: null` and an `obfuscation` padding on each chunk.
 */
export function openaiStream(n) {
  const base = {
    id: 'chatcmpl-bench',
    object: 'chat.completion.chunk',
    created: 1_750_000_000,
    model: 'gpt-4o-mini-2024-07-18',
    service_tier: 'default',
    system_fingerprint: 'fp_bench',
  };
  let event = 0;
  const chunk = (delta, finish) =>
    sse(
      JSON.stringify({
        ...base,
        choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
        usage: null,
        obfuscation: obfuscation(event++),
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
        obfuscation: obfuscation(event++),
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
