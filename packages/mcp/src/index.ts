export type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
export { type ConnectMcpOptions, connectMcp } from './connect-mcp';
export type { McpConnection, McpToolOptions } from './mcp-connection';
export { McpConnectionError } from './mcp-connection-error';
export type { McpHttpServer, McpServerParams, McpStdioServer } from './mcp-server-params';
