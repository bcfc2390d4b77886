import type { CallableTool, FunctionArgs, FunctionDeclaration } from '../types/tool';

/**
 * Declares a function the chat runs itself when the model calls it.
 *
 * ```ts
 * const weather = functionTool({
 *   name: 'get_weather',
 *   description: 'Current weather for a city',
 *   parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
 *   handler: async ({ city }) => ({ city, tempC: 21 }),
 * });
 * ```
 */
export function functionTool(
  definition: FunctionDeclaration & { handler: (args: FunctionArgs) => unknown },
): CallableTool {
  const { handler, ...declaration } = definition;
  return { declaration, handler };
}

export function isCallableTool(tool: unknown): tool is CallableTool {
  return (
    typeof tool === 'object' &&
    tool !== null &&
    typeof (tool as CallableTool).handler === 'function' &&
    typeof (tool as CallableTool).declaration === 'object'
  );
}
