import type { FunctionDeclaration, JsonSchema } from '@colloquy/chat-core';
import { isRecord } from './is-record';

const OPENAPI_TYPES: Record<string, string> = {
  OBJECT: 'object',
  STRING: 'string',
  NUMBER: 'number',
  INTEGER: 'integer',
  BOOLEAN: 'boolean',
  ARRAY: 'array',
  NULL: 'null',
};

// Gemini sends int64 fields (minItems, maxLength, ...) as strings; JSON Schema wants numbers.
const NUMERIC_KEYS = new Set([
  'minItems',
  'maxItems',
  'minLength',
  'maxLength',
  'minProperties',
  'maxProperties',
  'minimum',
  'maximum',
]);

// Keywords whose value is one schema, a list of schemas, or a map of schemas.
const SCHEMA_KEYS = new Set(['items', 'additionalProperties', 'not', 'if', 'then', 'else']);
const SCHEMA_LIST_KEYS = new Set(['anyOf', 'oneOf', 'allOf', 'prefixItems']);
const SCHEMA_MAP_KEYS = new Set(['properties', '$defs', 'definitions', 'patternProperties']);

function lowerType(type: unknown): unknown {
  if (typeof type === 'string') {
    if (type === 'TYPE_UNSPECIFIED') return undefined;
    return OPENAPI_TYPES[type] ?? type;
  }
  if (Array.isArray(type))
    return type.map((t) => (typeof t === 'string' ? (OPENAPI_TYPES[t] ?? t) : t));
  return type;
}

function convert(schema: Record<string, unknown>, depth: number): Record<string, unknown> {
  // Depth guard: schemas come from user code, but a cycle must not overflow the stack.
  if (depth > 64) return schema;
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(schema)) {
    if (value === undefined) continue;
    if (key === 'type') {
      const type = lowerType(value);
      if (type !== undefined) out.type = type;
    } else if (key === 'nullable' || key === 'propertyOrdering') {
      // Handled below / Gemini-only ordering hint with no JSON Schema meaning.
    } else if (key === 'example') {
      out.examples = [value];
    } else if (
      NUMERIC_KEYS.has(key) &&
      typeof value === 'string' &&
      value.trim() !== '' &&
      Number.isFinite(Number(value))
    ) {
      out[key] = Number(value);
    } else if (SCHEMA_KEYS.has(key) && isRecord(value)) {
      out[key] = convert(value, depth + 1);
    } else if (SCHEMA_LIST_KEYS.has(key) && Array.isArray(value)) {
      out[key] = value.map((item) => (isRecord(item) ? convert(item, depth + 1) : item));
    } else if (SCHEMA_MAP_KEYS.has(key) && isRecord(value)) {
      const map: Record<string, unknown> = {};
      for (const [name, sub] of Object.entries(value)) {
        map[name] = isRecord(sub) ? convert(sub, depth + 1) : sub;
      }
      out[key] = map;
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = out.type === 'null' ? 'null' : [out.type, 'null'];
    else if (Array.isArray(out.type)) {
      if (!out.type.includes('null')) out.type = [...out.type, 'null'];
    } else if (Array.isArray(out.anyOf)) {
      if (!out.anyOf.some((s) => isRecord(s) && s.type === 'null')) {
        out.anyOf = [...out.anyOf, { type: 'null' }];
      }
    }
    // An enum would otherwise reject the null the type now allows.
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

/**
 * Converts a Gemini OpenAPI-style schema (`type: 'OBJECT'`, `nullable`, `format`, `enum`,
 * `items`, `properties`, `required`, `anyOf`, `description`) into standard JSON Schema:
 * lowercase types, `nullable: true` as a type union with 'null'. A schema that is already
 * standard comes back equal (as a copy). Undefined in, undefined out.
 */
export function toJsonSchema(schema: JsonSchema | undefined): JsonSchema | undefined {
  if (!isRecord(schema)) return undefined;
  return convert(schema, 0);
}

/**
 * The parameters of a function declaration as JSON Schema: `parametersJsonSchema`, else the
 * converted `parameters`, else an object with no properties (what providers expect for none).
 */
export function declarationParameters(declaration: FunctionDeclaration): JsonSchema {
  return (
    declaration.parametersJsonSchema ??
    toJsonSchema(declaration.parameters) ?? { type: 'object', properties: {} }
  );
}
