import { ConfigurationError, type FunctionDeclaration } from '@colloquy/chat-core';
import type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';

/**
 * The name the model sees. MCP allows dots and slashes in tool names, which OpenAI and
 * Anthropic refuse, so anything outside `[A-Za-z0-9_-]` becomes `_`, within their 64 chars.
 */
function functionName(prefix: string, tool: McpTool): string {
  return `${prefix}${tool.name}`.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 64);
}

export interface ListedTools {
  declarations: FunctionDeclaration[];
  /** The MCP tool name behind each function name the model sees. */
  mcpNames: ReadonlyMap<string, string>;
}

/** The server's tools as function declarations, with their JSON Schemas as they are. */
export function toFunctionDeclarations(
  tools: readonly McpTool[],
  prefix: string,
  server: string,
): ListedTools {
  const declarations: FunctionDeclaration[] = [];
  const mcpNames = new Map<string, string>();
  for (const tool of tools) {
    const name = functionName(prefix, tool);
    const taken = mcpNames.get(name);
    if (taken !== undefined) {
      throw new ConfigurationError({
        message: `The MCP server "${server}" has two tools, "${taken}" and "${tool.name}", that both become the function name "${name}". Leave one out with the filter option.`,
      });
    }
    mcpNames.set(name, tool.name);
    // `$schema` names the draft; it tells the model nothing, and some providers refuse it.
    const { $schema: _draft, ...parametersJsonSchema } = tool.inputSchema;
    const declaration: FunctionDeclaration = { name, parametersJsonSchema };
    const description = tool.description ?? tool.title ?? tool.annotations?.title;
    if (description !== undefined) declaration.description = description;
    declarations.push(declaration);
  }
  return { declarations, mcpNames };
}
