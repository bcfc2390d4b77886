import type { FunctionCall } from './part';

/**
 * A JSON Schema object describing a function's parameters. Gemini's OpenAPI-style
 * uppercase types (`'OBJECT'`, `'STRING'`) are accepted too; adapters normalise them.
 */
export type JsonSchema = Record<string, unknown>;

/** What the model is told about a function it may call. */
export interface FunctionDeclaration {
  name: string;
  description?: string;
  /** Parameters in Gemini's OpenAPI subset (`type: 'OBJECT'`, ...). */
  parameters?: JsonSchema;
  /** Parameters as standard JSON Schema. Takes precedence over `parameters`. */
  parametersJsonSchema?: JsonSchema;
}

/** Gemini's Google Search grounding, as `@google/genai` types it. */
export interface GoogleSearch {
  /** Only results published in this interval (RFC 3339 times). */
  timeRangeFilter?: { startTime?: string; endTime?: string };
  /** Domains to leave out of the results. */
  excludeDomains?: string[];
}

/** Gemini's code execution tool (no settings). */
export type ToolCodeExecution = Record<string, never>;

/** Gemini's URL context tool, which reads the URLs in the prompt (no settings). */
export type UrlContext = Record<string, never>;

/**
 * A tool as the transport sees it: function declarations, or one of Gemini's built-in tools
 * (`googleSearch`, `codeExecution`, `urlContext`). Other providers leave a built-in tool out,
 * with a warning (docs/provider-settings.md).
 */
export interface Tool {
  functionDeclarations?: FunctionDeclaration[];
  googleSearch?: GoogleSearch;
  codeExecution?: ToolCodeExecution;
  urlContext?: UrlContext;
}

/** Arguments the model passed to a function. */
export type FunctionArgs = Record<string, unknown>;

/**
 * A function the chat session runs itself when the model calls it (automatic function
 * calling). The handler's return value becomes the function response: an object is sent
 * as is, anything else as `{ result: value }`.
 */
export interface CallableTool {
  declaration: FunctionDeclaration;
  handler: (args: FunctionArgs) => unknown;
}

/**
 * A tool in `@google/genai`'s `CallableTool` shape, such as its `mcpToTool(client)` returns:
 * `AsyncChat` asks it for its declarations (`tool()`) once per send, and hands it each call
 * of one of its functions (`callTool([call])`), sending the parts it returns back to the
 * model. Typed loosely enough that the SDK's own objects fit. The blocking `Chat` cannot
 * await these methods and refuses such a tool with a `ConfigurationError`.
 */
export interface GenAICallableTool {
  tool(): Promise<{ functionDeclarations?: ReadonlyArray<{ name?: string }> }>;
  callTool(functionCalls: FunctionCall[]): Promise<readonly object[]>;
}

/** What `config.tools` may hold. */
export type ToolListUnion = Array<Tool | CallableTool | GenAICallableTool>;

export type FunctionCallingMode = 'AUTO' | 'ANY' | 'NONE' | 'VALIDATED';

export interface ToolConfig {
  functionCallingConfig?: {
    mode?: FunctionCallingMode;
    allowedFunctionNames?: string[];
  };
}
