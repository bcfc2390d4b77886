import type { JsonSchema, ThinkingConfig } from '@colloquy/chat-core';
import type { TransportConfig } from '@colloquy/chat-core/spec';
import { isRecord, responseJsonSchemaOf } from '@colloquy/provider-kit';

/** The name of the tool that carries a structured reply (docs/provider-settings.md). */
export const JSON_RESPONSE_TOOL = 'json_response';

/**
 * Structured output on Anthropic: the reply's schema as a tool the model is made to call,
 * whose input is then the reply's JSON text. `wrapped` when the schema is not an object
 * (tool inputs must be objects): it is then the `value` property of one.
 */
export interface JsonResponseTool {
  tool: { name: string; description: string; input_schema: JsonSchema };
  wrapped: boolean;
}

/** Whether `thinkingConfig` turns Anthropic's thinking on (as convertAnthropicThinking reads it). */
export function thinkingIsOn(thinking: ThinkingConfig | undefined): boolean {
  const budget = thinking?.thinkingBudget;
  return budget !== undefined ? budget !== 0 : thinking?.thinkingLevel !== undefined;
}

/**
 * The tool for a config that asks for JSON (`responseMimeType: 'application/json'` or a
 * schema), or `undefined`. Without a schema any JSON object will do, as OpenAI's json_object.
 */
export function jsonResponseToolOf(
  config: TransportConfig | undefined,
): JsonResponseTool | undefined {
  const schema = responseJsonSchemaOf(config);
  if (schema === undefined && config?.responseMimeType !== 'application/json') return undefined;
  const isObject = isRecord(schema) && schema.type === 'object';
  const input_schema: JsonSchema =
    schema === undefined
      ? { type: 'object' }
      : isObject
        ? schema
        : { type: 'object', properties: { value: schema }, required: ['value'] };
  return {
    tool: {
      name: JSON_RESPONSE_TOOL,
      description: 'Give your reply by calling this tool; its input is the reply, as JSON.',
      input_schema,
    },
    wrapped: schema !== undefined && !isObject,
  };
}

/** The reply's JSON text from the tool's input. */
export function jsonResponseText(input: unknown, wrapped: boolean): string {
  const value = wrapped && isRecord(input) ? input.value : input;
  return JSON.stringify(value ?? {});
}
