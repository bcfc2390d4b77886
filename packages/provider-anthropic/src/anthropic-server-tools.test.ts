import { AsyncChats, InvalidResponseError } from '@colloquy/chat-core';
import { caught, collect, useMswServer } from '@colloquy/test-server/vitest';
import { HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { createAnthropicAsyncModels } from './anthropic-provider';
import { MAX_PAUSE_CONTINUATIONS } from './paused-turn';

// Shapes from Anthropic's web search tool docs (server_tool_use, web_search_tool_result,
// web_search_result_location citations, pause_turn), written out here.

const KEY = 'sk-ant-test-0123456789abcdef';
const URL = 'https://api.anthropic.com/v1/messages';
const msw = useMswServer<{
  messages: Array<{ role: string; content: unknown[] }>;
  tools?: unknown;
}>();

const models = () => createAnthropicAsyncModels({ apiKey: KEY, maxRetries: 0 });
const webSearch = { type: 'web_search_20250305', name: 'web_search', max_uses: 3 };

const searchUse = {
  type: 'server_tool_use',
  id: 'srvtoolu_01',
  name: 'web_search',
  input: { query: 'capital of France' },
};
const searchResult = {
  type: 'web_search_tool_result',
  tool_use_id: 'srvtoolu_01',
  content: [
    {
      type: 'web_search_result',
      url: 'https://en.wikipedia.org/wiki/Paris',
      title: 'Paris - Wikipedia',
      encrypted_content: 'EqgfCioIARgBIiQ3',
      page_age: null,
    },
  ],
};
const citation = {
  type: 'web_search_result_location',
  url: 'https://en.wikipedia.org/wiki/Paris',
  title: 'Paris - Wikipedia',
  encrypted_index: 'Eo8BCioIAhgBIiQy',
  cited_text: 'Paris is the capital and largest city of France.',
};

function sse(events: Array<Record<string, unknown>>): () => Response {
  const body = events
    .map((event) => `event: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`)
    .join('');
  return () => new HttpResponse(body, { headers: { 'content-type': 'text/event-stream' } });
}

const start = (id: string) => ({
  type: 'message_start',
  message: { id, model: 'claude-sonnet-4-5', usage: { input_tokens: 100, output_tokens: 1 } },
});
const stop = (reason: string) => [
  { type: 'message_delta', delta: { stop_reason: reason }, usage: { output_tokens: 20 } },
  { type: 'message_stop' },
];

/** A message that says it will search, searches, and is paused by Anthropic. */
const pausedStream = sse([
  start('msg_1'),
  { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Let me ' } },
  { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'search.' } },
  { type: 'content_block_stop', index: 0 },
  {
    type: 'content_block_start',
    index: 1,
    content_block: { type: 'server_tool_use', id: 'srvtoolu_01', name: 'web_search', input: {} },
  },
  {
    type: 'content_block_delta',
    index: 1,
    delta: { type: 'input_json_delta', partial_json: '{"query": "capital of France"}' },
  },
  { type: 'content_block_stop', index: 1 },
  { type: 'content_block_start', index: 2, content_block: searchResult },
  { type: 'content_block_stop', index: 2 },
  ...stop('pause_turn'),
]);

/** The continuation: a cited answer. */
const citedStream = sse([
  start('msg_2'),
  {
    type: 'content_block_start',
    index: 0,
    content_block: { type: 'text', text: '', citations: [] },
  },
  { type: 'content_block_delta', index: 0, delta: { type: 'citations_delta', citation } },
  {
    type: 'content_block_delta',
    index: 0,
    delta: { type: 'text_delta', text: 'Paris is the capital.' },
  },
  { type: 'content_block_stop', index: 0 },
  ...stop('end_turn'),
]);

const answerParts = [
  { text: 'Let me search.' },
  { providerBlock: { provider: 'anthropic', data: searchUse } },
  { providerBlock: { provider: 'anthropic', data: searchResult } },
  {
    text: 'Paris is the capital.',
    citations: [
      {
        uri: citation.url,
        title: citation.title,
        citedText: citation.cited_text,
        providerCitation: { provider: 'anthropic', data: citation },
      },
    ],
  },
];

const sentAssistantContent = [
  { type: 'text', text: 'Let me search.' },
  searchUse,
  searchResult,
  { type: 'text', text: 'Paris is the capital.', citations: [citation] },
];

describe('Anthropic server tools through AsyncChat', () => {
  it('continues a paused streamed turn, keeps its blocks and citations, and sends them back', async () => {
    msw.reply(URL, pausedStream, citedStream, sse([start('msg_3'), ...stop('end_turn')]));
    const chat = new AsyncChats(models()).create({
      model: 'claude-sonnet-4-5',
      config: { providerOptions: { anthropic: { serverTools: [webSearch] } } },
    });
    const chunks = await collect(
      await chat.sendMessageStream({ message: 'What is the capital of France?' }),
    );
    expect(chunks.map((chunk) => chunk.text).join('')).toBe('Let me search.Paris is the capital.');

    // The paused content went back as the assistant's turn, for Anthropic to continue.
    expect(msw.seen).toHaveLength(2);
    expect(msw.seen[0]?.body.tools).toEqual([webSearch]);
    expect(msw.seen[1]?.body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'What is the capital of France?' }] },
      { role: 'assistant', content: sentAssistantContent.slice(0, 3) },
    ]);
    // One finished turn holding both messages; its last chunk counts both requests' tokens.
    expect(chat.getTurns().map((turn) => turn.status)).toEqual(['complete']);
    expect(chunks.at(-1)?.usageMetadata?.promptTokenCount).toBe(200);
    expect(chunks.at(-1)?.usageMetadata?.candidatesTokenCount).toBe(40);
    expect(chat.getHistory(true)[1]).toEqual({ role: 'model', parts: answerParts });

    // The next request sends the search and the cited text back.
    await collect(await chat.sendMessageStream({ message: 'Thanks' }));
    expect(msw.seen[2]?.body.messages[1]).toEqual({
      role: 'assistant',
      content: sentAssistantContent,
    });
  });

  it('continues a paused whole reply, adding up the tokens of both requests', async () => {
    const reply = (id: string, content: unknown[], stopReason: string) => () =>
      HttpResponse.json({
        id,
        model: 'claude-sonnet-4-5',
        content,
        stop_reason: stopReason,
        usage: { input_tokens: 100, output_tokens: 20 },
      });
    msw.reply(
      URL,
      reply('msg_1', [searchUse, searchResult], 'pause_turn'),
      reply(
        'msg_2',
        [{ type: 'text', text: 'Paris is the capital.', citations: [citation] }],
        'end_turn',
      ),
    );
    const chat = new AsyncChats(models()).create({
      model: 'claude-sonnet-4-5',
      config: { providerOptions: { anthropic: { serverTools: [webSearch] } } },
    });
    const response = await chat.sendMessage({ message: 'What is the capital of France?' });
    expect(msw.seen[1]?.body.messages[1]).toEqual({
      role: 'assistant',
      content: [searchUse, searchResult],
    });
    expect(response.candidates?.[0]?.content?.parts).toEqual(answerParts.slice(1));
    expect(response.finishReason).toBe('STOP');
    expect(response.usageMetadata?.promptTokenCount).toBe(200);
    expect(response.usageMetadata?.candidatesTokenCount).toBe(40);
    expect(chat.getTurns().map((turn) => turn.status)).toEqual(['complete']);
  });

  it('never records a turn that stays paused as a finished reply', async () => {
    msw.reply(URL, pausedStream);
    const chat = new AsyncChats(models()).create({ model: 'claude-sonnet-4-5' });
    const chunks = await collect(await chat.sendMessageStream({ message: 'Search a lot' }));
    expect(msw.seen).toHaveLength(MAX_PAUSE_CONTINUATIONS + 1);
    expect(chunks.some((chunk) => chunk.finishReason !== undefined)).toBe(false);
    expect(chat.getTurns().map((turn) => turn.status)).toEqual(['invalid']);
    expect(chat.getHistory(true)).toEqual([]);

    msw.reply(URL, () =>
      HttpResponse.json({ id: 'm', content: [searchUse, searchResult], stop_reason: 'pause_turn' }),
    );
    const error = await caught(chat.sendMessage({ message: 'Search a lot' }));
    expect(InvalidResponseError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/paused the turn \(pause_turn\) 6 times/);
    expect(chat.getHistory(true)).toEqual([]);
  });

  it('leaves out Gemini built-in tools with a warning that names them', async () => {
    msw.reply(URL, citedStream);
    const chat = new AsyncChats(models()).create({
      model: 'claude-sonnet-4-5',
      config: { tools: [{ googleSearch: {} }, { codeExecution: {} }] },
    });
    const chunks = await collect(await chat.sendMessageStream({ message: 'Hi' }));
    expect(chunks[0]?.warnings).toEqual([
      {
        setting: 'tools',
        provider: 'anthropic',
        message: expect.stringMatching(
          /googleSearch, codeExecution are Gemini built-in tools.*serverTools/,
        ),
      },
    ]);
    expect(msw.seen[0]?.body).not.toHaveProperty('tools');
  });
});
