import * as v from 'valibot';
import { strictObject } from './strict-object';

const nonEmpty = (what: string) =>
  v.pipe(v.string(`${what} must be a string`), v.trim(), v.nonEmpty(`${what} must not be empty`));
const number = (min: number, max = Number.POSITIVE_INFINITY) =>
  v.pipe(
    v.number('expected a number'),
    v.minValue(min, `must be at least ${min}`),
    v.maxValue(max, `must be at most ${max}`),
  );
const wholeNumber = (min: number) =>
  v.pipe(
    v.number('expected a number'),
    v.integer('must be a whole number'),
    v.minValue(min, `must be at least ${min}`),
  );
const jsonObject = v.record(v.string(), v.unknown(), 'expected an object');

/** Adapter options (`apiKey`, `baseUrl`, `maxRetries`, ...): each adapter checks its own. */
export const ProviderOptionsSchema = jsonObject;

/**
 * The generation settings a config file may hold: the serialisable part of chat-core's
 * `GenerateContentConfig`. Tools come from `/tools`, and the abort signal from Ctrl-C.
 */
export const ChatConfigSchema = strictObject({
  systemInstruction: v.optional(v.string('expected a string')),
  temperature: v.optional(number(0, 2)),
  topP: v.optional(number(0, 1)),
  topK: v.optional(wholeNumber(1)),
  maxOutputTokens: v.optional(wholeNumber(1)),
  stopSequences: v.optional(v.array(v.string(), 'expected a list of strings')),
  seed: v.optional(wholeNumber(0)),
  presencePenalty: v.optional(number(-2, 2)),
  frequencyPenalty: v.optional(number(-2, 2)),
  responseMimeType: v.optional(v.string('expected a MIME type such as "application/json"')),
  responseJsonSchema: v.optional(jsonObject),
  responseSchema: v.optional(jsonObject),
  responseLogprobs: v.optional(v.boolean('expected true or false')),
  logprobs: v.optional(wholeNumber(0)),
  candidateCount: v.optional(wholeNumber(1)),
  thinkingConfig: v.optional(
    strictObject({
      includeThoughts: v.optional(v.boolean('expected true or false')),
      thinkingBudget: v.optional(wholeNumber(-1)),
      thinkingLevel: v.optional(
        v.picklist(['MINIMAL', 'LOW', 'MEDIUM', 'HIGH'], 'expected MINIMAL, LOW, MEDIUM or HIGH'),
      ),
    }),
  ),
  safetySettings: v.optional(
    v.array(
      strictObject({
        category: v.optional(v.string('expected a string')),
        method: v.optional(v.string('expected a string')),
        threshold: v.optional(v.string('expected a string')),
      }),
      'expected a list',
    ),
  ),
  cachedContent: v.optional(v.string('expected a string such as "cachedContents/abc"')),
  labels: v.optional(v.record(v.string(), v.string(), 'expected an object of strings')),
  responseModalities: v.optional(v.array(v.string(), 'expected a list of strings')),
  mediaResolution: v.optional(
    v.picklist(
      [
        'MEDIA_RESOLUTION_UNSPECIFIED',
        'MEDIA_RESOLUTION_LOW',
        'MEDIA_RESOLUTION_MEDIUM',
        'MEDIA_RESOLUTION_HIGH',
      ],
      'expected MEDIA_RESOLUTION_LOW, _MEDIUM or _HIGH',
    ),
  ),
  strict: v.optional(v.boolean('expected true or false')),
  automaticFunctionCalling: v.optional(
    strictObject({
      disable: v.optional(v.boolean('expected true or false')),
      maximumRemoteCalls: v.optional(wholeNumber(1)),
    }),
  ),
  httpOptions: v.optional(
    strictObject({
      timeout: v.optional(number(1)),
      idleTimeout: v.optional(number(1)),
      maxRetries: v.optional(wholeNumber(0)),
      headers: v.optional(v.record(v.string(), v.string(), 'expected an object of strings')),
    }),
  ),
  providerOptions: v.optional(v.record(v.string(), jsonObject, 'expected an object of objects')),
});

export type ChatConfig = v.InferOutput<typeof ChatConfigSchema>;

/** Settings for one provider, used when `/provider NAME` switches to it. */
export const ProviderEntrySchema = strictObject({
  model: v.optional(nonEmpty('model')),
  options: v.optional(ProviderOptionsSchema),
});

export type ProviderEntry = v.InferOutput<typeof ProviderEntrySchema>;

/**
 * `colloquy.config.json`. `options` belong to `provider`; `providers` holds settings for
 * the others, so `/provider anthropic` knows where to go and with which key.
 */
export const DemoConfigFileSchema = strictObject({
  $schema: v.optional(v.string()),
  provider: v.optional(nonEmpty('provider')),
  model: v.optional(nonEmpty('model')),
  options: v.optional(ProviderOptionsSchema),
  config: v.optional(ChatConfigSchema),
  providers: v.optional(v.record(v.string(), ProviderEntrySchema, 'expected an object')),
  tools: v.optional(v.boolean('expected true or false')),
});

export type DemoConfigFile = v.InferOutput<typeof DemoConfigFileSchema>;
