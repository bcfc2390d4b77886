import { DemoError } from '../demo-error';

/** An MCP server to start: `--mcp "command args"`, split into the command and its args. */
export interface McpCommand {
  command: string;
  args: string[];
}

/**
 * Splits at spaces, as a shell would for plain words. Quotes are refused rather than
 * half-understood: an argument with a space in it needs a wrapper script.
 */
export function parseMcpCommand(text: string): McpCommand {
  if (/["'`\\]/.test(text)) {
    throw new DemoError(
      `--mcp "${text}": the command is split at spaces and cannot hold quotes or backslashes. For an argument with a space in it, start the server from a small script and pass that.`,
    );
  }
  const [command, ...args] = text.trim().split(/\s+/);
  if (!command)
    throw new DemoError('--mcp needs a command, such as --mcp "npx -y some-mcp-server".');
  return { command, args };
}
