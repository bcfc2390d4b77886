// Structured output means the same on every provider: responseMimeType 'application/json'
// with a responseJsonSchema gives the reply's JSON as its text, which parseJsonReply reads.
import {
  AsyncChats,
  type GenerateContentConfig,
  type GenerateContentResponse,
  parseJsonReply,
} from '@colloquy/chat-core';
import { createFakeProvider } from '@colloquy/test-server';
import { collect, useFakeProviders } from '@colloquy/test-server/vitest';
import { describe, expect, it } from 'vitest';
import { loadAsyncModels } from './load-models';

const gemini = createFakeProvider('gemini');
const openai = createFakeProvider('openai');
const anthropic = createFakeProvider('anthropic');
useFakeProviders(gemini, openai, anthropic);

const schema = {
  type: 'object',
  properties: { name: { type: 'string' }, population: { type: 'integer' } },
  required: ['name', 'population'],
  additionalProperties: false,
};
const city = { name: 'Oslo', population: 709000 };

// A Standard Schema by hand: this package has no schema library, and the check is the point.
const citySchema = {
  '~standard': {
    version: 1 as const,
    vendor: 'test',
    validate: (value: unknown) =>
      typeof value === 'object' &&
      value !== null &&
      typeof (value as typeof city).name === 'string' &&
      Number.isInteger((value as typeof city).population)
        ? { value: value as typeof city }
        : { issues: [{ message: 'not a city' }] },
    types: undefined as unknown as { input: typeof city; output: typeof city },
  },
};

const config: GenerateContentConfig = {
  responseMimeType: 'application/json',
  responseJsonSchema: schema,
  strict: true,
};

/** A streamed reply as its text and its first chunk's warnings. */
async function streamed(stream: Promise<AsyncIterable<GenerateContentResponse>>) {
  const chunks = await collect(await stream);
  return { text: chunks.map((c) => c.text ?? '').join(''), warnings: chunks[0]?.warnings };
}

describe('structured output on every provider', () => {
  it.each([
    ['gemini', 'gemini-2.5-flash'],
    ['openai', 'gpt-4o-mini'],
    ['anthropic', 'claude-sonnet-4-5'],
  ] as const)(
    '%s gives the JSON as the reply text, with no warning even under strict',
    async (provider, model) => {
      if (provider === 'anthropic') {
        anthropic.enqueue({ functionCalls: [{ name: 'json_response', args: city }] });
      } else {
        (provider === 'gemini' ? gemini : openai).enqueue({ text: JSON.stringify(city) });
      }
      const models = await loadAsyncModels({ provider, options: { apiKey: 'test-key' } });
      const chat = new AsyncChats(models).create({ model, config });
      for (const stream of [false, true]) {
        if (stream && provider === 'anthropic') {
          anthropic.enqueue({ functionCalls: [{ name: 'json_response', args: city }] });
        } else if (stream) {
          (provider === 'gemini' ? gemini : openai).enqueue({ text: JSON.stringify(city) });
        }
        const reply = stream
          ? await streamed(chat.sendMessageStream({ message: 'A city' }))
          : await chat.sendMessage({ message: 'A city' });
        expect(reply.warnings).toBeUndefined();
        expect(await parseJsonReply(reply, citySchema)).toEqual(city);
      }
      const body = (provider === 'gemini' ? gemini : provider === 'openai' ? openai : anthropic)
        .requests[0]?.body as Record<string, unknown>;
      if (provider === 'gemini') {
        expect(body.generationConfig).toEqual({
          responseMimeType: 'application/json',
          responseJsonSchema: schema,
        });
      } else if (provider === 'openai') {
        expect(body.response_format).toEqual({
          type: 'json_schema',
          json_schema: { name: 'response', schema, strict: true },
        });
      } else {
        expect(body.tool_choice).toEqual({ type: 'tool', name: 'json_response' });
        expect(body.tools).toEqual([
          expect.objectContaining({ name: 'json_response', input_schema: schema }),
        ]);
      }
      expect(chat.getHistory(true).filter((c) => c.role === 'model')).toEqual([
        { role: 'model', parts: [{ text: JSON.stringify(city) }] },
        { role: 'model', parts: [{ text: JSON.stringify(city) }] },
      ]);
    },
  );
});
