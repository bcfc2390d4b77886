import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { McpConnection, type McpToolOptions } from './mcp-connection';
import { McpConnectionError } from './mcp-connection-error';
import { describeServer, type McpServerParams } from './mcp-server-params';

export interface ConnectMcpOptions extends McpToolOptions {
  /** The name and version this client gives the server. */
  clientInfo?: { name: string; version: string };
}

function transportFor(server: McpServerParams): Transport {
  if ('command' in server) {
    return new StdioClientTransport({
      command: server.command,
      args: server.args ?? [],
      ...(server.env && { env: server.env }),
      ...(server.cwd && { cwd: server.cwd }),
      stderr: server.stderr ?? 'inherit',
    });
  }
  return new StreamableHTTPClientTransport(new URL(server.url), {
    ...(server.headers && { requestInit: { headers: server.headers } }),
  });
}

/**
 * Notes a stdio server's pid once started. When the handshake fails, the SDK closes the
 * transport without waiting: the child is stopped seconds later, on timers, if it ignores
 * its closed stdin. A caller that exits on the error (a CLI) would leave it running.
 */
function notePid(transport: Transport): () => number | undefined {
  if (!(transport instanceof StdioClientTransport)) return () => undefined;
  let pid: number | undefined;
  const start = transport.start.bind(transport);
  transport.start = async () => {
    try {
      await start();
    } finally {
      pid = transport.pid ?? undefined;
    }
  };
  return () => pid;
}

function stop(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
}

function whatToCheck(server: McpServerParams): string {
  return 'command' in server
    ? 'Check that the command exists (on the PATH, or give its full path), that its arguments are right, and that it is an MCP server speaking over stdio: run it by hand and read its output.'
    : 'Check that the server is running and listening at that URL, that the URL is its MCP endpoint (often ending in /mcp), that it speaks Streamable HTTP, and that any headers it needs (authorization) are given.';
}

/**
 * Connects to an MCP server, a child process over stdio (`{ command, args }`) or a
 * Streamable HTTP endpoint (`{ url, headers }`), and lists its tools. Offer them to a chat
 * with `config: { tools: [mcp] }`; close the connection when you are done, or let
 * `await using` do it:
 *
 * ```ts
 * await using mcp = await connectMcp({ command: 'npx', args: ['-y', '@modelcontextprotocol/server-everything'] });
 * const chat = chats.create({ model, config: { tools: [mcp] } });
 * ```
 *
 * Throws `McpConnectionError`, saying what to check, when the server cannot be started or
 * reached.
 */
export async function connectMcp(
  server: McpServerParams,
  options: ConnectMcpOptions = {},
): Promise<McpConnection> {
  const described = describeServer(server);
  const client = new Client(options.clientInfo ?? { name: 'colloquy', version: '0.0.0' });
  const connection = new McpConnection(client, described, options);
  const where =
    'command' in server
      ? `start the MCP server "${described}"`
      : `connect to the MCP server at ${described}`;
  const transport = transportFor(server);
  const pidOf = notePid(transport);
  try {
    await client.connect(
      transport,
      options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs },
    );
  } catch (error) {
    await client.close().catch(() => {});
    stop(pidOf());
    throw new McpConnectionError({
      server: described,
      message: `Could not ${where}: ${error instanceof Error ? error.message : String(error)}. ${whatToCheck(server)}`,
      cause: error,
    });
  }
  try {
    await connection.refresh();
  } catch (error) {
    await connection.close();
    throw new McpConnectionError({
      server: described,
      message: `Connected to the MCP server "${described}" but could not list its tools: ${error instanceof Error ? error.message : String(error)}.`,
      cause: error,
    });
  }
  return connection;
}
