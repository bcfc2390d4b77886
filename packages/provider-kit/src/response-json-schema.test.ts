import { describe, expect, it } from 'vitest';
import { allowsStrictJsonSchema, responseJsonSchemaOf } from './response-json-schema';

describe('responseJsonSchemaOf', () => {
  it('gives responseJsonSchema as it is', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } } };
    expect(responseJsonSchemaOf({ responseJsonSchema: schema })).toBe(schema);
  });

  it("converts genai's OpenAPI-form responseSchema to JSON Schema", () => {
    expect(
      responseJsonSchemaOf({
        responseSchema: {
          type: 'OBJECT',
          properties: { name: { type: 'STRING', nullable: true }, n: { type: 'INTEGER' } },
          required: ['name'],
          propertyOrdering: ['name', 'n'],
        },
      }),
    ).toEqual({
      type: 'object',
      properties: { name: { type: ['string', 'null'] }, n: { type: 'integer' } },
      required: ['name'],
    });
  });

  it('prefers responseJsonSchema, and gives undefined for neither', () => {
    expect(
      responseJsonSchemaOf({
        responseJsonSchema: { type: 'string' },
        responseSchema: { type: 'NUMBER' },
      }),
    ).toEqual({ type: 'string' });
    expect(responseJsonSchemaOf({ responseMimeType: 'application/json' })).toBeUndefined();
    expect(responseJsonSchemaOf(undefined)).toBeUndefined();
  });
});

describe('allowsStrictJsonSchema', () => {
  const strictCity = {
    type: 'object',
    properties: {
      name: { type: 'string' },
      tags: {
        type: 'array',
        items: {
          type: 'object',
          properties: { t: { type: 'string' } },
          required: ['t'],
          additionalProperties: false,
        },
      },
    },
    required: ['name', 'tags'],
    additionalProperties: false,
  };

  it('is true when every object closes its properties and requires them all', () => {
    expect(allowsStrictJsonSchema(strictCity)).toBe(true);
    expect(allowsStrictJsonSchema({ type: 'string', enum: ['a', 'b'] })).toBe(true);
  });

  it('is false for an open object, an optional property, or either deep inside', () => {
    expect(allowsStrictJsonSchema({ ...strictCity, additionalProperties: undefined })).toBe(false);
    expect(allowsStrictJsonSchema({ ...strictCity, required: ['name'] })).toBe(false);
    const deep = structuredClone(strictCity);
    deep.properties.tags.items.required = [];
    expect(allowsStrictJsonSchema(deep)).toBe(false);
    expect(allowsStrictJsonSchema({ anyOf: [{ type: 'object', properties: {} }] })).toBe(false);
  });
});
