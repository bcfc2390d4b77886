// Streaming cost without sockets: the bench server's bytes fed through a fake `fetch` (the
// adapters' `fetch` option) in 64 KiB chunks, so only parsing, mapping and the chat are timed.
// Modes run interleaved; prints wall and CPU per stream. Use with --cpu-prof to profile.
//   node src/profile/in-memory.mjs <gemini|openai|anthropic> [events] [streams] [limit,adapter,chat]
import { AsyncChats } from '@colloquy/chat-core';
import { createAnthropicAsyncModels } from '@colloquy/provider-anthropic';
import { createGeminiAsyncModels } from '@colloquy/provider-gemini';
import { createOpenAIAsyncModels } from '@colloquy/provider-openai';
import { createParser } from 'eventsource-parser';
import { anthropicStream, geminiStream, openaiStream } from '../lib/payloads.mjs';

const [format = 'gemini', eventsArg = '20000', timesArg = '100', modesArg] = process.argv.slice(2);
const events = Number(eventsArg);
const render = { gemini: geminiStream, openai: openaiStream, anthropic: anthropicStream }[format];
const body = Buffer.from(render(events));
const CHUNK = 64 * 1024;
const chunks = [];
for (let i = 0; i < body.length; i += CHUNK)
  chunks.push(new Uint8Array(body.subarray(i, i + CHUNK)));

function fakeFetch() {
  let i = 0;
  const stream = new ReadableStream({
    pull(controller) {
      if (i < chunks.length) controller.enqueue(chunks[i++].slice());
      else controller.close();
    },
  });
  const headers = { 'content-type': 'text/event-stream' };
  return Promise.resolve(new Response(stream, { status: 200, headers }));
}

const options = { apiKey: 'bench-key', fetch: fakeFetch };
const models = {
  gemini: () => createGeminiAsyncModels(options),
  openai: () => createOpenAIAsyncModels(options),
  anthropic: () => createAnthropicAsyncModels(options),
}[format]();
const textOf = {
  gemini: (data) => JSON.parse(data).candidates?.[0]?.content?.parts?.[0]?.text,
  openai: (data) => (data === '[DONE]' ? undefined : JSON.parse(data).choices?.[0]?.delta?.content),
  anthropic: (data) => {
    const event = JSON.parse(data);
    return event.type === 'content_block_delta' ? event.delta.text : undefined;
  },
}[format];
const chats = new AsyncChats(models);
const request = { model: 'bench', contents: [{ role: 'user', parts: [{ text: 'hi' }] }] };

const modes = {
  async limit() {
    const response = await fakeFetch();
    const decoder = new TextDecoder();
    let length = 0;
    const parser = createParser({
      onEvent: (event) => {
        length += textOf(event.data)?.length ?? 0;
      },
    });
    for await (const bytes of response.body) parser.feed(decoder.decode(bytes, { stream: true }));
    return length;
  },
  async adapter() {
    let length = 0;
    for await (const chunk of await models.generateContentStream(request)) {
      length += chunk.candidates?.[0]?.content?.parts?.[0]?.text?.length ?? 0;
    }
    return length;
  },
  async chat() {
    let length = 0;
    const chat = chats.create({ model: 'bench' });
    for await (const chunk of await chat.sendMessageStream('hi')) length += chunk.text?.length ?? 0;
    return length;
  },
};

const names = (modesArg ?? 'limit,adapter,chat').split(',');
for (const name of names) for (let i = 0; i < 5; i++) await modes[name]();
const wall = Object.fromEntries(names.map((n) => [n, []]));
const cpu = Object.fromEntries(names.map((n) => [n, []]));
for (let r = 0; r < Number(timesArg); r++) {
  for (const name of names) {
    const c = process.cpuUsage();
    const t = performance.now();
    await modes[name]();
    wall[name].push(performance.now() - t);
    const used = process.cpuUsage(c);
    cpu[name].push((used.user + used.system) / 1000);
  }
}
const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const base = wall.limit ? median(wall.limit) : undefined;
for (const name of names) {
  const w = median(wall[name]);
  const ratio = base ? `, ${(base / w).toFixed(2)}x the limit` : '';
  console.log(
    `${format} ${name}: ${w.toFixed(1)} ms wall, ${median(cpu[name]).toFixed(1)} ms CPU per stream of ${events} (${((1000 * w) / events).toFixed(2)} µs/event${ratio})`,
  );
}
