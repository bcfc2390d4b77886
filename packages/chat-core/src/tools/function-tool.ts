import { ConfigurationError } from '../errors/configuration-error';
import type { InferSchemaOutput, StandardSchemaV1 } from '../types/standard-schema';
import type {
  CallableTool,
  FunctionArgs,
  FunctionDeclaration,
  GenAICallableTool,
  JsonSchema,
} from '../types/tool';
import { isPromiseLike } from './is-promise-like';

type Handler = CallableTool['handler'];

type Issue = { message: string; path?: ReadonlyArray<PropertyKey | { key: PropertyKey }> };

function describeIssues(name: string, issues: ReadonlyArray<Issue>): string {
  const described = issues.map(({ message, path }) => {
    const keys = (path ?? []).map((segment) =>
      String(typeof segment === 'object' ? segment.key : segment),
    );
    return keys.length > 0 ? `${keys.join('.')}: ${message}` : message;
  });
  return `Invalid arguments for ${name}: ${described.join('; ')}`;
}

/**
 * The handler behind a schema: the arguments are validated first, and a failure throws, so
 * it goes back to the model as a function error response, as a handler's own throw does.
 */
function validating(name: string, schema: StandardSchemaV1, handler: Handler): Handler {
  const validate = schema['~standard'].validate;
  const run = (result: Awaited<ReturnType<typeof validate>>): unknown => {
    if (result.issues) throw new Error(describeIssues(name, result.issues));
    return handler(result.value as FunctionArgs);
  };
  return (args) => {
    const result = validate(args);
    return isPromiseLike(result) ? Promise.resolve(result).then(run) : run(result);
  };
}

/** The JSON Schema the model is told, from a schema that can describe itself as one. */
function jsonSchemaOf(name: string, schema: StandardSchemaV1): JsonSchema {
  const describe = schema['~standard'].jsonSchema?.input;
  if (!describe) {
    throw new ConfigurationError({
      message: `The inputSchema of the tool "${name}" (${schema['~standard'].vendor}) cannot describe itself as JSON Schema, which the model needs. Pass parametersJsonSchema too (for Valibot: toJsonSchema from @valibot/to-json-schema).`,
    });
  }
  // `$schema` names the draft; it tells the model nothing.
  const { $schema: _draft, ...jsonSchema } = describe({ target: 'draft-07' });
  return jsonSchema;
}

/** A tool whose arguments a Standard Schema (Zod 4, Valibot, ArkType, ...) checks and types. */
type FunctionToolWithSchema<Schema extends StandardSchemaV1<unknown, object>> =
  FunctionDeclaration & {
    /**
     * Validates the model's arguments before the handler runs, and gives them their type.
     * Unless `parametersJsonSchema` (or `parameters`) is given, the declaration's JSON Schema
     * comes from it: that needs a library implementing Standard JSON Schema, such as Zod 4.
     */
    inputSchema: Schema;
    handler: (args: InferSchemaOutput<Schema>) => unknown;
  };

/** A tool declared with a JSON Schema; `Args` states its arguments' type, unchecked. */
type FunctionToolWithJsonSchema<Args extends object> = FunctionDeclaration & {
  inputSchema?: undefined;
  handler: (args: Args) => unknown;
};

/**
 * Declares a function the chat runs itself when the model calls it.
 *
 * With a Standard Schema as `inputSchema`, the arguments are validated before the handler
 * runs and typed from the schema:
 *
 * ```ts
 * const weather = functionTool({
 *   name: 'get_weather',
 *   description: 'Current weather for a city',
 *   inputSchema: z.object({ city: z.string() }),
 *   handler: async ({ city }) => ({ city, tempC: 21 }), // city: string
 * });
 * ```
 *
 * With a JSON Schema, a type parameter gives the arguments' type (not checked at run time):
 *
 * ```ts
 * const weather = functionTool<{ city: string }>({
 *   name: 'get_weather',
 *   parametersJsonSchema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
 *   handler: async ({ city }) => ({ city, tempC: 21 }),
 * });
 * ```
 *
 * Arguments that fail validation and handlers that throw are both sent back to the model
 * as the function response `{error: message}`, so it can correct itself.
 */
export function functionTool<Schema extends StandardSchemaV1<unknown, object>>(
  definition: FunctionToolWithSchema<Schema>,
): CallableTool;
export function functionTool<Args extends object = FunctionArgs>(
  definition: FunctionToolWithJsonSchema<Args>,
): CallableTool;
export function functionTool(
  definition: FunctionDeclaration & { inputSchema?: StandardSchemaV1; handler: Handler },
): CallableTool {
  const { handler, inputSchema, ...declaration } = definition;
  if (!inputSchema) return { declaration, handler };
  if (declaration.parametersJsonSchema === undefined && declaration.parameters === undefined) {
    declaration.parametersJsonSchema = jsonSchemaOf(declaration.name, inputSchema);
  }
  return { declaration, handler: validating(declaration.name, inputSchema, handler) };
}

export function isCallableTool(tool: unknown): tool is CallableTool {
  return (
    typeof tool === 'object' &&
    tool !== null &&
    typeof (tool as CallableTool).handler === 'function' &&
    typeof (tool as CallableTool).declaration === 'object'
  );
}

/** `@google/genai`'s CallableTool shape, recognised as that SDK recognises it. */
export function isGenAICallableTool(tool: unknown): tool is GenAICallableTool {
  return (
    typeof tool === 'object' &&
    tool !== null &&
    typeof (tool as GenAICallableTool).callTool === 'function' &&
    typeof (tool as GenAICallableTool).tool === 'function'
  );
}
