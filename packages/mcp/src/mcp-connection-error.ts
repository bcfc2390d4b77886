import { ColloquyError } from '@colloquy/chat-core';

/**
 * The MCP server could not be reached or started, its tools could not be listed, or the
 * connection is gone (closed, or the server exited). The message says what to check.
 */
export class McpConnectionError extends ColloquyError {
  static override readonly marker: string = 'colloquy.error.McpConnectionError';
  /** The server, as its command name or its URL without query (never its args, env or headers). */
  readonly server: string;

  constructor({ message, server, cause }: { message: string; server: string; cause?: unknown }) {
    super({ message, cause });
    this.server = server;
  }
}
