// Every client that reads a streamed chat reply from the bench server, per wire format.
// A client is `{name, kind, stream(events, onFirst)}`: it sends one request for a reply of
// `events` text events, consumes the whole stream the way an application would (reading each
// chunk's text), calls `onFirst()` when the first text arrives, and returns the text length
// received (checked against what the server sent, so a client cannot win by dropping data).
//
// Adapters are imported when their format is used, so one adapter that fails to load does not
// take the other formats down.
//
// kind: 'limit' (raw fetch + eventsource-parser), 'floor' (the same loop behind a minimal
// hand-written async iterator: the least an API that hands out chunks with `for await` must
// cost), 'ours', 'ours-diag' (our adapter without the chat, for diagnosis), 'peer'.
import { createAnthropic } from '@ai-sdk/anthropic';
import { createGoogleGenerativeAI } from '@ai-sdk/google';
import { createOpenAI } from '@ai-sdk/openai';
import Anthropic from '@anthropic-ai/sdk';
import { AsyncChats } from '@colloquy/chat-core';
import { GoogleGenAI } from '@google/genai';
import { streamText } from 'ai';
import { createParser } from 'eventsource-parser';
import OpenAI from 'openai';

// The AI SDK prints a warning per call for unknown models; it would flood the output.
globalThis.AI_SDK_LOG_WARNINGS = false;

export const API_KEY = 'bench-key';
export const PROMPT = 'Tell me a long story.';

const noop = () => {};

/** Raw fetch + eventsource-parser: the least any client must do. */
async function rawSse(url, init, onData) {
  const response = await fetch(url, init);
  if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} from ${url}`);
  const decoder = new TextDecoder();
  const parser = createParser({ onEvent: (event) => onData(event.data) });
  for await (const bytes of response.body) parser.feed(decoder.decode(bytes, { stream: true }));
  parser.feed(decoder.decode());
}

/**
 * The raw loop as an async iterable of event data: a queue filled by the parser and a
 * hand-written iterator returning one already-resolved promise per queued event.
 */
function rawSseIterable(url, init) {
  const decoder = new TextDecoder();
  let queue = [];
  let head = 0;
  let ended = false;
  let reader;
  const parser = createParser({ onEvent: (event) => queue.push(event.data) });
  async function fill() {
    if (!reader) {
      const response = await fetch(url, init);
      if (!response.ok || !response.body) throw new Error(`HTTP ${response.status} from ${url}`);
      reader = response.body.getReader();
    }
    queue = [];
    head = 0;
    while (queue.length === 0 && !ended) {
      const result = await reader.read();
      if (result.done) {
        ended = true;
        parser.feed(decoder.decode());
      } else {
        parser.feed(decoder.decode(result.value, { stream: true }));
      }
    }
  }
  const done = { done: true, value: undefined };
  const iterator = {
    [Symbol.asyncIterator]: () => iterator,
    next() {
      if (head < queue.length) return Promise.resolve({ done: false, value: queue[head++] });
      if (ended) return Promise.resolve(done);
      return fill().then(() =>
        head < queue.length ? { done: false, value: queue[head++] } : done,
      );
    },
  };
  return iterator;
}

/** The limit and the floor of one format: `textOf(data)` extracts an event's text. */
function rawClients(url, init, textOf) {
  return [
    {
      name: 'limit: fetch + eventsource-parser',
      kind: 'limit',
      async stream(events, onFirst = noop) {
        let length = 0;
        await rawSse(url(events), init(events), (data) => {
          const text = textOf(data);
          if (text) {
            if (length === 0) onFirst();
            length += text.length;
          }
        });
        return length;
      },
    },
    {
      name: 'floor: the limit behind a minimal async iterator',
      kind: 'floor',
      async stream(events, onFirst = noop) {
        let length = 0;
        for await (const data of rawSseIterable(url(events), init(events))) {
          const text = textOf(data);
          if (text) {
            if (length === 0) onFirst();
            length += text.length;
          }
        }
        return length;
      },
    },
  ];
}

function post(body, headers) {
  return {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  };
}

/** Our chat over an AsyncModels: AsyncChat.sendMessageStream, reading chunk.text. */
function oursChat(models) {
  const chats = new AsyncChats(models);
  return async (events, onFirst = noop) => {
    const chat = chats.create({ model: `bench-${events}` });
    let length = 0;
    for await (const chunk of await chat.sendMessageStream(PROMPT)) {
      const text = chunk.text;
      if (text) {
        if (length === 0) onFirst();
        length += text.length;
      }
    }
    return length;
  };
}

/** Our adapter alone: AsyncModels.generateContentStream. */
function oursAdapter(models) {
  return async (events, onFirst = noop) => {
    let length = 0;
    const stream = await models.generateContentStream({
      model: `bench-${events}`,
      contents: [{ role: 'user', parts: [{ text: PROMPT }] }],
    });
    for await (const chunk of stream) {
      const parts = chunk.candidates?.[0]?.content?.parts;
      if (!parts) continue;
      for (const part of parts) {
        if (typeof part.text === 'string' && part.text.length > 0) {
          if (length === 0) onFirst();
          length += part.text.length;
        }
      }
    }
    return length;
  };
}

/** The Vercel AI SDK's streamText over one of its providers, reading textStream. */
function aiSdk(modelFor) {
  return async (events, onFirst = noop) => {
    let failure;
    const result = streamText({
      model: modelFor(`bench-${events}`),
      messages: [{ role: 'user', content: PROMPT }],
      maxRetries: 0,
      maxOutputTokens: 64_000,
      onError: ({ error }) => {
        failure = error;
      },
    });
    let length = 0;
    for await (const text of result.textStream) {
      if (length === 0 && text.length > 0) onFirst();
      length += text.length;
    }
    if (failure) throw failure;
    return length;
  };
}

async function geminiClients(base) {
  const { createGeminiAsyncModels } = await import('@colloquy/provider-gemini');
  const models = createGeminiAsyncModels({ apiKey: API_KEY, baseUrl: base });
  const genai = new GoogleGenAI({ apiKey: API_KEY, httpOptions: { baseUrl: base } });
  const google = createGoogleGenerativeAI({ apiKey: API_KEY, baseURL: `${base}/v1beta` });
  return [
    ...rawClients(
      (events) => `${base}/v1beta/models/bench-${events}:streamGenerateContent?alt=sse`,
      () =>
        post(
          { contents: [{ role: 'user', parts: [{ text: PROMPT }] }] },
          { 'x-goog-api-key': API_KEY },
        ),
      (data) => JSON.parse(data).candidates?.[0]?.content?.parts?.[0]?.text,
    ),
    { name: 'ours: AsyncChat + provider-gemini', kind: 'ours', stream: oursChat(models) },
    { name: 'ours: provider-gemini alone', kind: 'ours-diag', stream: oursAdapter(models) },
    {
      name: '@google/genai Chat',
      kind: 'peer',
      async stream(events, onFirst = noop) {
        const chat = genai.chats.create({ model: `bench-${events}` });
        let length = 0;
        for await (const chunk of await chat.sendMessageStream({ message: PROMPT })) {
          const text = chunk.text;
          if (text) {
            if (length === 0) onFirst();
            length += text.length;
          }
        }
        return length;
      },
    },
    { name: 'ai streamText + @ai-sdk/google', kind: 'peer', stream: aiSdk((m) => google(m)) },
  ];
}

async function openaiClients(base) {
  const { createOpenAIAsyncModels } = await import('@colloquy/provider-openai');
  const models = createOpenAIAsyncModels({ apiKey: API_KEY, baseUrl: `${base}/v1` });
  const client = new OpenAI({ apiKey: API_KEY, baseURL: `${base}/v1`, maxRetries: 0 });
  const provider = createOpenAI({ apiKey: API_KEY, baseURL: `${base}/v1` });
  const messages = [{ role: 'user', content: PROMPT }];
  return [
    ...rawClients(
      () => `${base}/v1/chat/completions`,
      (events) =>
        post(
          { model: `bench-${events}`, messages, stream: true },
          { authorization: `Bearer ${API_KEY}` },
        ),
      (data) => (data === '[DONE]' ? undefined : JSON.parse(data).choices?.[0]?.delta?.content),
    ),
    { name: 'ours: AsyncChat + provider-openai', kind: 'ours', stream: oursChat(models) },
    { name: 'ours: provider-openai alone', kind: 'ours-diag', stream: oursAdapter(models) },
    {
      name: 'openai chat.completions.create({stream})',
      kind: 'peer',
      async stream(events, onFirst = noop) {
        const stream = await client.chat.completions.create({
          model: `bench-${events}`,
          messages,
          stream: true,
          stream_options: { include_usage: true },
        });
        let length = 0;
        for await (const chunk of stream) {
          const text = chunk.choices[0]?.delta?.content;
          if (text) {
            if (length === 0) onFirst();
            length += text.length;
          }
        }
        return length;
      },
    },
    {
      name: 'openai chat.completions.stream() (accumulating)',
      kind: 'peer',
      async stream(events, onFirst = noop) {
        const stream = client.chat.completions.stream({
          model: `bench-${events}`,
          messages,
          stream_options: { include_usage: true },
        });
        let length = 0;
        for await (const chunk of stream) {
          const text = chunk.choices[0]?.delta?.content;
          if (text) {
            if (length === 0) onFirst();
            length += text.length;
          }
        }
        await stream.finalChatCompletion();
        return length;
      },
    },
    {
      name: 'ai streamText + @ai-sdk/openai (.chat)',
      kind: 'peer',
      stream: aiSdk((m) => provider.chat(m)),
    },
  ];
}

async function anthropicClients(base) {
  const { createAnthropicAsyncModels } = await import('@colloquy/provider-anthropic');
  const models = createAnthropicAsyncModels({ apiKey: API_KEY, baseUrl: base });
  const client = new Anthropic({ apiKey: API_KEY, baseURL: base, maxRetries: 0 });
  const provider = createAnthropic({ apiKey: API_KEY, baseURL: `${base}/v1` });
  const messages = [{ role: 'user', content: PROMPT }];
  return [
    ...rawClients(
      () => `${base}/v1/messages`,
      (events) =>
        post(
          { model: `bench-${events}`, max_tokens: 64_000, messages, stream: true },
          { 'x-api-key': API_KEY, 'anthropic-version': '2023-06-01' },
        ),
      (data) => {
        const event = JSON.parse(data);
        return event.type === 'content_block_delta' && event.delta.type === 'text_delta'
          ? event.delta.text
          : undefined;
      },
    ),
    { name: 'ours: AsyncChat + provider-anthropic', kind: 'ours', stream: oursChat(models) },
    { name: 'ours: provider-anthropic alone', kind: 'ours-diag', stream: oursAdapter(models) },
    {
      name: '@anthropic-ai/sdk messages.create({stream})',
      kind: 'peer',
      async stream(events, onFirst = noop) {
        const stream = await client.messages.create({
          model: `bench-${events}`,
          max_tokens: 64_000,
          messages,
          stream: true,
        });
        let length = 0;
        for await (const event of stream) {
          if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
            if (length === 0) onFirst();
            length += event.delta.text.length;
          }
        }
        return length;
      },
    },
    {
      name: '@anthropic-ai/sdk messages.stream() (accumulating)',
      kind: 'peer',
      async stream(events, onFirst = noop) {
        const stream = client.messages.stream({
          model: `bench-${events}`,
          max_tokens: 64_000,
          messages,
        });
        let length = 0;
        for await (const event of stream) {
          if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') {
            if (length === 0) onFirst();
            length += event.delta.text.length;
          }
        }
        await stream.finalMessage();
        return length;
      },
    },
    { name: 'ai streamText + @ai-sdk/anthropic', kind: 'peer', stream: aiSdk((m) => provider(m)) },
  ];
}

export const clientsByFormat = {
  gemini: geminiClients,
  openai: openaiClients,
  anthropic: anthropicClients,
};
