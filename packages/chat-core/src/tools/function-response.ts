import type { FunctionCall, FunctionResponse, Part } from '../types/part';

/** Wraps a handler's return value as a function response (objects as is, else `{result}`). */
export function toFunctionResponse(call: FunctionCall, value: unknown): Part {
  const response =
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : { result: value === undefined ? null : value };
  const functionResponse: FunctionResponse = { name: call.name, response };
  if (call.id !== undefined) functionResponse.id = call.id;
  return { functionResponse };
}

/**
 * A tool that failed (its handler threw, its arguments failed validation, its `callTool`
 * rejected): the error goes back to the model as the function response, so it can adjust.
 */
export function toFunctionErrorResponse(call: FunctionCall, error: unknown): Part {
  return toFunctionResponse(call, {
    error: error instanceof Error ? error.message : String(error),
  });
}
