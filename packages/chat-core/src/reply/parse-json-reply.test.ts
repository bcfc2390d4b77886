import * as v from 'valibot';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { AsyncChats } from '../chat/chats';
import { InvalidResponseError } from '../errors/invalid-response-error';
import { ResponseSchemaMismatchError } from '../errors/response-schema-mismatch-error';
import { scriptedModels, textReply } from '../test-utils/scripted-models';
import { GenerateContentResponse } from '../types/generate-content-response';
import { parseJsonReply } from './parse-json-reply';

const reply = (text: string) => new GenerateContentResponse(textReply(text));

const citySchema = z.object({ name: z.string(), population: z.number().int() });
const cityValibot = v.object({ name: v.string(), population: v.pipe(v.number(), v.integer()) });

async function mismatchOf(promise: Promise<unknown>): Promise<ResponseSchemaMismatchError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(ResponseSchemaMismatchError.isInstance(error)).toBe(true);
  return error as ResponseSchemaMismatchError;
}

describe('parseJsonReply', () => {
  it('gives the reply of a chat as the value of a Zod schema, typed by it', async () => {
    const models = scriptedModels({ response: textReply('{"name":"Oslo","population":709000}') });
    const chat = new AsyncChats(models.async).create({
      model: 'm',
      config: {
        responseMimeType: 'application/json',
        responseJsonSchema: z.toJSONSchema(citySchema),
      },
    });
    const city = await parseJsonReply(await chat.sendMessage({ message: 'A city' }), citySchema);
    expectTypeOf(city).toEqualTypeOf<{ name: string; population: number }>();
    expect(city).toEqual({ name: 'Oslo', population: 709000 });
  });

  it('reads with a Valibot schema too', async () => {
    const city = await parseJsonReply(reply('{"name":"Oslo","population":709000}'), cityValibot);
    expectTypeOf(city).toEqualTypeOf<{ name: string; population: number }>();
    expect(city).toEqual({ name: 'Oslo', population: 709000 });
  });

  it('applies the schema (defaults and transforms come back in the value)', async () => {
    const schema = z.object({ tags: z.array(z.string()).default([]) });
    expect(await parseJsonReply(reply('{}'), schema)).toEqual({ tags: [] });
  });

  it('throws a ResponseSchemaMismatchError naming each issue and where it is', async () => {
    for (const schema of [citySchema, cityValibot]) {
      const error = await mismatchOf(
        parseJsonReply(reply('{"name":"Oslo","population":"many"}'), schema),
      );
      expect(InvalidResponseError.isInstance(error)).toBe(true);
      expect(error.issues).toHaveLength(1);
      expect(error.issues[0]?.path).toBe('population');
      expect(error.message).toContain('population');
      expect(error.excerpt).toContain('many');
    }
  });

  it('names nested paths with dots', async () => {
    const schema = z.object({ city: z.object({ names: z.array(z.string()) }) });
    const error = await mismatchOf(parseJsonReply(reply('{"city":{"names":["a",2]}}'), schema));
    expect(error.issues[0]?.path).toBe('city.names.1');
  });

  it('throws on a reply that is not JSON, with no issues and the text it got', async () => {
    const error = await mismatchOf(parseJsonReply(reply('Sure! Here is a city: Oslo'), citySchema));
    expect(error.issues).toEqual([]);
    expect(error.message).toContain('not JSON');
    expect(error.excerpt).toBe('Sure! Here is a city: Oslo');
  });

  it('throws on a reply with no text', async () => {
    const empty = new GenerateContentResponse({ candidates: [] });
    const error = await mismatchOf(parseJsonReply(empty, citySchema));
    expect(error.message).toContain('no text');
  });

  it('awaits a schema that validates asynchronously', async () => {
    const schema = z.string().refine(async (s) => s.startsWith('O'), 'must start with O');
    expect(await parseJsonReply(reply('"Oslo"'), schema)).toBe('Oslo');
    const error = await mismatchOf(parseJsonReply(reply('"Bergen"'), schema));
    expect(error.issues[0]?.message).toBe('must start with O');
  });
});
