import { ConfigurationError } from '../errors/configuration-error';
import { copyData } from '../history/copy-data';
import type { GenerateContentConfig } from '../types/generate-content-config';
import type { TransportConfig } from '../types/models';
import type { FunctionCall, Part } from '../types/part';
import type { CallableTool, FunctionDeclaration, GenAICallableTool, Tool } from '../types/tool';
import { toFunctionErrorResponse, toFunctionResponse } from './function-response';
import { isCallableTool, isGenAICallableTool } from './function-tool';
import { isPromiseLike } from './is-promise-like';

/**
 * Runs one function call and gives its function-response parts. A tool that fails gives an
 * error response rather than throwing. The result is a promise when the tool is async, which
 * the blocking `Chat` refuses.
 */
export type CallRunner = (call: FunctionCall) => Part[] | Promise<Part[]>;

export interface ResolvedConfig {
  /** What the transport sees: callable tools reduced to their declarations. */
  transport: TransportConfig | undefined;
  /** How to run each function the chat runs itself, by name; empty when there are none. */
  runners: ReadonlyMap<string, CallRunner>;
}

const EMPTY: ReadonlyMap<string, CallRunner> = new Map();
// Resolved afresh for every send, never cached per config object: a chat's config may be
// changed between sends (tools added, a setting changed), and the next send must see it.

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : typeof value;
}

function handlerRunner(handler: CallableTool['handler']): CallRunner {
  return (call) => {
    let value: unknown;
    try {
      value = handler(call.args ?? {});
    } catch (error) {
      return [toFunctionErrorResponse(call, error)];
    }
    if (!isPromiseLike(value)) return [toFunctionResponse(call, value)];
    return Promise.resolve(value).then(
      (resolved) => [toFunctionResponse(call, resolved)],
      (error: unknown) => [toFunctionErrorResponse(call, error)],
    );
  };
}

/**
 * Each call goes to the tool alone (`callTool([call])`), so its parts are known to answer it:
 * a function response without an id (MCP tools answer by name) gets the call's id, which
 * OpenAI and Anthropic need to pair them.
 */
function callToolRunner(tool: GenAICallableTool): CallRunner {
  return async (call) => {
    let parts: unknown;
    try {
      parts = await tool.callTool([copyData(call)]);
    } catch (error) {
      return [toFunctionErrorResponse(call, error)];
    }
    if (!Array.isArray(parts) || !parts.every(isPlainObject)) {
      throw new ConfigurationError({
        message: `The CallableTool that declares "${call.name}" returned ${describe(parts)} from callTool(); it must resolve to an array of Parts.`,
      });
    }
    return parts.map((original: Part) => {
      const part = copyData(original);
      const response = part.functionResponse;
      if (response && response.id === undefined && call.id !== undefined) response.id = call.id;
      return part;
    });
  };
}

/** The declarations a @google/genai CallableTool's `tool()` gave, checked. */
function declaredFunctions(declared: unknown, index: number): FunctionDeclaration[] {
  const list = isPlainObject(declared)
    ? (declared as { functionDeclarations?: unknown }).functionDeclarations
    : undefined;
  const valid =
    isPlainObject(declared) &&
    (list === undefined ||
      (Array.isArray(list) &&
        list.every(
          (item) => isPlainObject(item) && typeof (item as { name?: unknown }).name === 'string',
        )));
  if (!valid) {
    throw new ConfigurationError({
      message: `The CallableTool at config.tools[${index}] resolved tool() to something other than a Tool with named functionDeclarations (got ${describe(declared)}).`,
    });
  }
  return (list ?? []) as FunctionDeclaration[];
}

/** Splits tools into transport declarations and runners; `declared[i]` is tools[i]'s `tool()`. */
function split(config: GenerateContentConfig, declared: readonly unknown[]): ResolvedConfig {
  const tools: Tool[] = [];
  const declarations: FunctionDeclaration[] = [];
  const runners = new Map<string, CallRunner>();
  let reduced = false;
  (config.tools ?? []).forEach((tool, index) => {
    reduced ||= isCallableTool(tool) || isGenAICallableTool(tool);
    if (isCallableTool(tool)) {
      declarations.push(tool.declaration);
      runners.set(tool.declaration.name, handlerRunner(tool.handler));
    } else if (isGenAICallableTool(tool)) {
      const functions = declaredFunctions(declared[index], index);
      const run = callToolRunner(tool);
      for (const declaration of functions) {
        declarations.push(declaration);
        runners.set(declaration.name, run);
      }
    } else {
      tools.push(tool);
    }
  });
  if (!reduced) return { transport: config as TransportConfig, runners: EMPTY };
  if (declarations.length > 0) tools.push({ functionDeclarations: declarations });
  return { transport: { ...config, tools }, runners };
}

/**
 * Resolves a config's tools without waiting: for the blocking `Chat`, which refuses
 * @google/genai CallableTools (their methods return promises it cannot wait for).
 */
export function resolveTools(config: GenerateContentConfig | undefined): ResolvedConfig {
  if (!config) return { transport: undefined, runners: EMPTY };
  const index = config.tools?.findIndex(isGenAICallableTool) ?? -1;
  if (index >= 0) {
    throw new ConfigurationError({
      message: `config.tools[${index}] is a @google/genai CallableTool ({tool, callTool}, as mcpToTool makes): its methods return promises, which the blocking Chat cannot wait for. Use AsyncChat, or declare the function with functionTool and a synchronous handler.`,
    });
  }
  return split(config, []);
}

/** Resolves a config's tools for `AsyncChat`, asking each @google/genai CallableTool for its declarations. */
export async function resolveToolsAsync(
  config: GenerateContentConfig | undefined,
): Promise<ResolvedConfig> {
  if (!config?.tools?.some(isGenAICallableTool)) return resolveTools(config);
  const declared = await Promise.all(
    config.tools.map((tool) => (isGenAICallableTool(tool) ? tool.tool() : undefined)),
  );
  return split(config, declared);
}
