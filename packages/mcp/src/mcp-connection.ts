import {
  type CallableTool,
  ColloquyError,
  type FunctionArgs,
  type FunctionCall,
  type FunctionDeclaration,
  type Part,
  type Tool,
} from '@colloquy/chat-core';
import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  type Tool as McpTool,
  ToolListChangedNotificationSchema,
} from '@modelcontextprotocol/sdk/types.js';
import { McpConnectionError } from './mcp-connection-error';
import { type ListedTools, toFunctionDeclarations } from './to-function-declaration';
import { toFunctionResponse } from './to-function-response';

export interface McpToolOptions {
  /**
   * Put before every tool name the model sees (`'github_'` → `github_create_issue`), to tell
   * apart the tools of several servers.
   */
  prefix?: string;
  /** Which of the server's tools to offer the model; all of them by default. */
  filter?: (tool: McpTool) => boolean;
  /**
   * How long to wait for the server's answer to each request (connecting, listing the tools,
   * each call) before giving up, in ms. Default: the SDK's, 60 000.
   */
  timeoutMs?: number;
}

const NO_TOOLS: ListedTools = { declarations: [], mcpNames: new Map() };

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A connected MCP server's tools, in the `{ tool(), callTool() }` shape `AsyncChat` runs by
 * automatic function calling: put it in `config.tools`. It is yours to close: `close()`, or
 * `await using mcp = await connectMcp(...)`. Made by `connectMcp`.
 */
export class McpConnection {
  readonly #client: Client;
  readonly #server: string;
  readonly #prefix: string;
  readonly #filter: ((tool: McpTool) => boolean) | undefined;
  readonly #requestOptions: { timeout?: number };
  #listing: Promise<ListedTools> = Promise.resolve(NO_TOOLS);
  #closed = false;
  #lost = false;

  /** @internal Use `connectMcp`. */
  constructor(client: Client, server: string, options: McpToolOptions) {
    this.#client = client;
    this.#server = server;
    this.#prefix = options.prefix ?? '';
    this.#filter = options.filter;
    this.#requestOptions = options.timeoutMs === undefined ? {} : { timeout: options.timeoutMs };
    // Set before connecting, so no notification is missed; the next send sees the new list.
    client.setNotificationHandler(ToolListChangedNotificationSchema, () => {
      this.refresh().catch(() => {
        // Kept in #listing: the next send reports it, or lists again.
      });
    });
    client.onclose = () => {
      if (!this.#closed) this.#lost = true;
    };
  }

  /**
   * Lists the server's tools again. Done for you when the server notifies a change; call it
   * for a server that changes its tools without saying so.
   */
  refresh(): Promise<FunctionDeclaration[]> {
    const listing = this.#list();
    this.#listing = listing;
    return listing.then(({ declarations }) => structuredClone(declarations));
  }

  /** The declarations of the server's tools, as the chat asks for them before each send. */
  async tool(): Promise<Tool> {
    const { declarations } = await this.#current();
    return { functionDeclarations: structuredClone(declarations) };
  }

  /**
   * Runs each call on the server. A tool that fails (it reports an error, it throws, the
   * server is gone) answers `{error: message}`, which the model sees as the function response.
   */
  async callTool(functionCalls: FunctionCall[]): Promise<Part[]> {
    return Promise.all(
      functionCalls.map(async (call) => {
        const response = await this.#call(call.name, call.args ?? {});
        const part: Part = { functionResponse: { name: call.name, response } };
        if (call.id !== undefined && part.functionResponse) part.functionResponse.id = call.id;
        return part;
      }),
    );
  }

  /**
   * The server's tools as they are now, each a `CallableTool` (as `functionTool` makes): to
   * pick some, or mix them into a list. Unlike the connection itself in `config.tools`,
   * this list does not follow the server's changes.
   */
  async tools(): Promise<CallableTool[]> {
    const { declarations } = await this.#current();
    return declarations.map((declaration) => ({
      declaration: structuredClone(declaration),
      handler: (args: FunctionArgs) => this.#call(declaration.name, args),
    }));
  }

  /** Ends the connection; a stdio server's process is stopped. Safe to call twice. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    await this.#client.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  async #list(): Promise<ListedTools> {
    // A server without tools is answered by an error on tools/list; it simply has none.
    if (!this.#client.getServerCapabilities()?.tools) return NO_TOOLS;
    const tools: McpTool[] = [];
    let cursor: string | undefined;
    do {
      const page = await this.#client.listTools(
        cursor === undefined ? undefined : { cursor },
        this.#requestOptions,
      );
      tools.push(...page.tools);
      cursor = page.nextCursor;
    } while (cursor !== undefined);
    const offered = this.#filter ? tools.filter(this.#filter) : tools;
    return toFunctionDeclarations(offered, this.#prefix, this.#server);
  }

  async #current(): Promise<ListedTools> {
    if (this.#closed || this.#lost) {
      throw new McpConnectionError({
        server: this.#server,
        message: this.#closed
          ? `The connection to the MCP server "${this.#server}" was closed; its tools cannot be used any more. Connect again with connectMcp, or take the connection out of config.tools.`
          : `The MCP server "${this.#server}" closed the connection (a stdio server that exited, say); its tools cannot be used any more. See the server's own output, then connect again with connectMcp.`,
      });
    }
    try {
      return await this.#listing;
    } catch {
      // The last listing failed (a refresh that met a hiccup): try once more, for this send.
    }
    const listing = this.#list();
    this.#listing = listing;
    try {
      return await listing;
    } catch (error) {
      if (ColloquyError.isInstance(error)) throw error;
      throw new McpConnectionError({
        server: this.#server,
        message: `Could not list the tools of the MCP server "${this.#server}": ${messageOf(error)}. Check that the server is still running.`,
        cause: error,
      });
    }
  }

  async #call(name: string, args: FunctionArgs): Promise<Record<string, unknown>> {
    try {
      const { mcpNames } = await this.#listing;
      const mcpName = mcpNames.get(name);
      if (mcpName === undefined) {
        return { error: `The MCP server "${this.#server}" offers no tool "${name}" now.` };
      }
      const result = await this.#client.callTool(
        { name: mcpName, arguments: args },
        undefined,
        this.#requestOptions,
      );
      return toFunctionResponse(result as Parameters<typeof toFunctionResponse>[0]);
    } catch (error) {
      return { error: messageOf(error) };
    }
  }
}
