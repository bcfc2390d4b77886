/** An MCP server started as a child process, spoken to over its stdin and stdout. */
export interface McpStdioServer {
  command: string;
  args?: string[];
  /**
   * Variables added to the child's environment. The child does not inherit this process's
   * whole environment (which may hold API keys), only a safe default set (PATH, HOME, ...).
   */
  env?: Record<string, string>;
  cwd?: string;
  /** Where the server's stderr goes: this process's stderr by default. */
  stderr?: 'inherit' | 'ignore';
}

/** An MCP server reached over Streamable HTTP. */
export interface McpHttpServer {
  /** The server's MCP endpoint, such as `http://127.0.0.1:3000/mcp`. */
  url: string | URL;
  /** Sent with every request (an `authorization` header, say). */
  headers?: Record<string, string>;
}

export type McpServerParams = McpStdioServer | McpHttpServer;

/** How errors name a server: the command, or the URL without its query; never args, env or headers. */
export function describeServer(server: McpServerParams): string {
  if ('command' in server) return server.command;
  const url = new URL(server.url);
  return `${url.origin}${url.pathname}`;
}
