import type { GenAICallableTool } from '@colloquy/chat-core';
import { connectMcp, type McpConnection } from '@colloquy/mcp';
import type { ToolRun } from '../tools/create-demo-tools';
import type { McpCommand } from './parse-mcp-command';

export interface McpServers {
  /** For `config.tools`: each server's tools, each run reported like the demo's own tools. */
  tools: GenAICallableTool[];
  close(): Promise<void>;
}

/** One server's tools, with each run reported (the connection itself follows its changes). */
function reporting(mcp: McpConnection, onRun: (run: ToolRun) => void): GenAICallableTool {
  return {
    tool: () => mcp.tool(),
    async callTool(calls) {
      const parts = await mcp.callTool(calls);
      calls.forEach((call, index) => {
        const response = parts[index]?.functionResponse?.response ?? {};
        const outcome =
          typeof response.error === 'string' ? { error: response.error } : { result: response };
        onRun({ name: call.name, args: call.args ?? {}, outcome });
      });
      return parts;
    },
  };
}

/**
 * Starts each `--mcp` server and connects to it; if one fails, those already started are
 * closed before the error is thrown. Their stderr goes nowhere in a terminal session, where
 * their logs would break into the chat.
 */
export async function connectMcpServers(
  commands: readonly McpCommand[],
  { quiet, onRun }: { quiet: boolean; onRun: (run: ToolRun) => void },
): Promise<McpServers> {
  const connections: McpConnection[] = [];
  const close = async () => {
    await Promise.all(connections.splice(0).map((connection) => connection.close()));
  };
  try {
    for (const { command, args } of commands) {
      connections.push(await connectMcp({ command, args, stderr: quiet ? 'ignore' : 'inherit' }));
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { tools: connections.map((mcp) => reporting(mcp, onRun)), close };
}
