import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/**
 * An MCP tool result as the function response the model gets: `{error}` when the tool
 * reported a failure (so the model can adjust), its structured content when it has some,
 * `{result: text}` when it answered in text alone, else its content blocks as they are.
 */
export function toFunctionResponse(result: CallToolResult): Record<string, unknown> {
  const content = result.content ?? [];
  const text = content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('\n');
  if (result.isError) return { error: text || 'The tool failed without saying why.' };
  if (result.structuredContent) return result.structuredContent;
  if (content.every((block) => block.type === 'text')) return { result: text };
  return { content };
}
