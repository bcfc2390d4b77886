import { type Candidate, GenerateContentResponse, type Part } from '@colloquy/chat-core';
import type { GenerateContentResponseInit } from '@colloquy/chat-core/spec';
import { isRecord } from '@colloquy/provider-kit';
import type {
  AnthropicContentBlock,
  AnthropicMessageResponse,
  AnthropicRedactedThinkingBlock,
  AnthropicTextBlock,
  AnthropicThinkingBlock,
  AnthropicToolUseBlock,
} from './anthropic-api';
import { citationsFromAnthropic } from './anthropic-citations';
import { ANTHROPIC_PROVIDER } from './anthropic-options';
import { convertAnthropicUsage } from './convert-anthropic-usage';
import { JSON_RESPONSE_TOOL, jsonResponseText } from './json-response-tool';
import { mapAnthropicFinishReason } from './map-anthropic-finish-reason';
import { redactedThinkingPart } from './redacted-thinking';
import { markThinkingSignature } from './thinking-signature';

/** `server_tool_use`, `mcp_tool_use`, `web_search_tool_result`, `web_fetch_tool_result`, ... */
export function isServerToolBlock(type: string): boolean {
  return type.endsWith('_tool_use') || type.endsWith('_tool_result');
}

/** One content block as a part, or `undefined` for blocks with nothing to keep. */
export function convertContentBlock(block: AnthropicContentBlock): Part | undefined {
  switch (block.type) {
    case 'text': {
      const { text, citations } = block as AnthropicTextBlock;
      // An empty text block says nothing (and Anthropic would refuse it back).
      if (text === '') return undefined;
      const cited = citationsFromAnthropic(citations);
      return cited ? { text, citations: cited } : { text };
    }
    case 'tool_use': {
      const { id, name, input } = block as AnthropicToolUseBlock;
      return { functionCall: { id, name, args: isRecord(input) ? input : {} } };
    }
    case 'thinking': {
      const { thinking, signature } = block as AnthropicThinkingBlock;
      const part: Part = { text: thinking, thought: true };
      if (signature) part.thoughtSignature = markThinkingSignature(signature);
      return part;
    }
    case 'redacted_thinking':
      return redactedThinkingPart((block as AnthropicRedactedThinkingBlock).data);
    default:
      // Server-tool use and results go back to Anthropic in later turns as they came; other
      // kinds (added after this adapter was written) are left out.
      return isServerToolBlock(block.type)
        ? { providerBlock: { provider: ANTHROPIC_PROVIDER, data: block } }
        : undefined;
  }
}

function isJsonResponseCall(block: AnthropicContentBlock): block is AnthropicToolUseBlock {
  return block.type === 'tool_use' && (block as AnthropicToolUseBlock).name === JSON_RESPONSE_TOOL;
}

/**
 * A Messages API response as a `GenerateContentResponse`. With `jsonResponse` (the request
 * asked for JSON through the json_response tool), that tool's call is the reply's text. A refusal, or a reply without any
 * content, comes out with an empty `parts` list, which the chat keeps out of the curated
 * history.
 */
export function convertFromAnthropicResponse(
  message: AnthropicMessageResponse,
  options: { jsonResponse?: { wrapped: boolean } } = {},
): GenerateContentResponse {
  const parts: Part[] = [];
  if (message.stop_reason !== 'refusal') {
    for (const block of message.content) {
      const part =
        options.jsonResponse && isJsonResponseCall(block)
          ? { text: jsonResponseText(block.input, options.jsonResponse.wrapped) }
          : convertContentBlock(block);
      if (part) parts.push(part);
    }
  }
  const candidate: Candidate = { content: { role: 'model', parts }, index: 0 };
  const finishReason = mapAnthropicFinishReason(message.stop_reason);
  if (finishReason) candidate.finishReason = finishReason;
  const init: GenerateContentResponseInit = { candidates: [candidate] };
  const usage = convertAnthropicUsage(message.usage);
  if (usage) init.usageMetadata = usage;
  if (message.model) init.modelVersion = message.model;
  if (message.id) init.responseId = message.id;
  return new GenerateContentResponse(init);
}
