import type { JsonSchema } from '@colloquy/chat-core';
import type { TransportConfig } from '@colloquy/chat-core/spec';
import { isRecord } from './is-record';
import { toJsonSchema } from './to-json-schema';

/**
 * The JSON Schema a reply must follow: `responseJsonSchema`, else genai's OpenAPI-form
 * `responseSchema` converted (`toJsonSchema`), else `undefined`. One reading for every
 * adapter that is not Gemini (Gemini takes both as they are).
 */
export function responseJsonSchemaOf(config: TransportConfig | undefined): JsonSchema | undefined {
  if (isRecord(config?.responseJsonSchema)) return config.responseJsonSchema;
  return isRecord(config?.responseSchema) ? toJsonSchema(config.responseSchema) : undefined;
}

/**
 * Whether OpenAI's strict structured outputs can take `schema` as it is: every object lists
 * all its properties as required and sets `additionalProperties: false`, down the whole
 * schema. Anything else is sent with `strict: false`, which the API accepts but only guides.
 */
export function allowsStrictJsonSchema(schema: unknown, depth = 0): boolean {
  if (depth > 64) return false;
  if (Array.isArray(schema)) return schema.every((item) => allowsStrictJsonSchema(item, depth + 1));
  if (!isRecord(schema)) return true;
  const isObject =
    schema.type === 'object' || (Array.isArray(schema.type) && schema.type.includes('object'));
  if (isObject || isRecord(schema.properties)) {
    if (schema.additionalProperties !== false) return false;
    const names = Object.keys(isRecord(schema.properties) ? schema.properties : {});
    const required = Array.isArray(schema.required) ? schema.required : [];
    if (!names.every((name) => required.includes(name))) return false;
  }
  return Object.entries(schema).every(([key, value]) =>
    key === 'enum' || key === 'const' || key === 'default' || key === 'examples'
      ? true
      : allowsStrictJsonSchema(value, depth + 1),
  );
}
