import { describe, expect, it } from 'vitest';
import { declarationParameters, toJsonSchema } from './to-json-schema';

describe('toJsonSchema', () => {
  it('lowercases Gemini types throughout', () => {
    const gemini = {
      type: 'OBJECT',
      description: 'Weather query',
      properties: {
        city: { type: 'STRING', description: 'City name' },
        days: { type: 'INTEGER', format: 'int32', minimum: 1 },
        units: { type: 'STRING', enum: ['C', 'F'] },
        tags: { type: 'ARRAY', items: { type: 'STRING' }, minItems: '1' },
        precise: { type: 'BOOLEAN' },
        ratio: { type: 'NUMBER', format: 'double' },
      },
      required: ['city'],
      propertyOrdering: ['city', 'days'],
    };
    expect(toJsonSchema(gemini)).toEqual({
      type: 'object',
      description: 'Weather query',
      properties: {
        city: { type: 'string', description: 'City name' },
        days: { type: 'integer', format: 'int32', minimum: 1 },
        units: { type: 'string', enum: ['C', 'F'] },
        tags: { type: 'array', items: { type: 'string' }, minItems: 1 },
        precise: { type: 'boolean' },
        ratio: { type: 'number', format: 'double' },
      },
      required: ['city'],
    });
  });

  it('turns nullable into a type union with null (and allows null in an enum)', () => {
    expect(toJsonSchema({ type: 'STRING', nullable: true })).toEqual({ type: ['string', 'null'] });
    expect(toJsonSchema({ type: 'STRING', nullable: true, enum: ['a'] })).toEqual({
      type: ['string', 'null'],
      enum: ['a', null],
    });
    expect(toJsonSchema({ type: 'STRING', nullable: false })).toEqual({ type: 'string' });
  });

  it('converts anyOf members and adds null to anyOf for nullable', () => {
    expect(
      toJsonSchema({ anyOf: [{ type: 'STRING' }, { type: 'INTEGER' }], nullable: true }),
    ).toEqual({ anyOf: [{ type: 'string' }, { type: 'integer' }, { type: 'null' }] });
  });

  it('leaves a standard JSON Schema as it is', () => {
    const standard = {
      type: 'object',
      properties: {
        a: { type: ['string', 'null'], pattern: '^x' },
        b: { $ref: '#/$defs/b' },
      },
      $defs: { b: { type: 'array', items: { type: 'number' } } },
      additionalProperties: false,
      required: ['a'],
    };
    const copy = structuredClone(standard);
    expect(toJsonSchema(standard)).toEqual(standard);
    expect(standard).toEqual(copy);
  });

  it('does not mutate its input', () => {
    const input = { type: 'OBJECT', properties: { a: { type: 'STRING', nullable: true } } };
    const copy = structuredClone(input);
    toJsonSchema(input);
    expect(input).toEqual(copy);
  });

  it('returns undefined for no schema', () => {
    expect(toJsonSchema(undefined)).toBeUndefined();
  });
});

describe('declarationParameters', () => {
  it('prefers parametersJsonSchema, then converted parameters, then an empty object schema', () => {
    const json = { type: 'object', properties: { x: { type: 'string' } } };
    expect(
      declarationParameters({
        name: 'f',
        parametersJsonSchema: json,
        parameters: { type: 'OBJECT' },
      }),
    ).toBe(json);
    expect(declarationParameters({ name: 'f', parameters: { type: 'OBJECT' } })).toEqual({
      type: 'object',
    });
    expect(declarationParameters({ name: 'f' })).toEqual({ type: 'object', properties: {} });
  });
});
