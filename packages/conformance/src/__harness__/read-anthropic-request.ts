import type {
  HarnessFunctionCall,
  HarnessFunctionResponse,
  HarnessMessage,
  HarnessRequest,
} from '../conformance-harness';
import { asArray, asRecord, asString, parseMaybeJson } from './wire-values';

/** `content` as a string or blocks, of which the `text` ones count. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map(asRecord)
    .filter((block) => block.type === 'text')
    .map((block) => asString(block.text) ?? '')
    .join('');
}

function readMessage(message: Record<string, unknown>): HarnessMessage {
  const blocks = asArray(message.content).map(asRecord);
  const functionCalls: HarnessFunctionCall[] = [];
  const functionResponses: HarnessFunctionResponse[] = [];
  for (const block of blocks) {
    if (block.type === 'tool_use') {
      const entry: HarnessFunctionCall = {
        name: asString(block.name) ?? '',
        args: asRecord(block.input),
      };
      const id = asString(block.id);
      if (id !== undefined) entry.id = id;
      functionCalls.push(entry);
    }
    if (block.type === 'tool_result') {
      const entry: HarnessFunctionResponse = { response: parseMaybeJson(textOf(block.content)) };
      const id = asString(block.tool_use_id);
      if (id !== undefined) entry.id = id;
      functionResponses.push(entry);
    }
  }
  return {
    role: message.role === 'assistant' ? 'assistant' : 'user',
    text: textOf(message.content),
    functionCalls,
    functionResponses,
  };
}

/** An Anthropic Messages body, read back. */
export function readAnthropicRequest(body: unknown): HarnessRequest {
  const request = asRecord(body);
  const messages: HarnessMessage[] = [];
  if (request.system !== undefined) {
    messages.push({
      role: 'system',
      text: textOf(request.system),
      functionCalls: [],
      functionResponses: [],
    });
  }
  messages.push(...asArray(request.messages).map(asRecord).map(readMessage));
  const functionDeclarations = asArray(request.tools).map(
    (tool) => asString(asRecord(tool).name) ?? '',
  );
  const read: HarnessRequest = { messages, functionDeclarations, stream: request.stream === true };
  const model = asString(request.model);
  if (model !== undefined) read.model = model;
  return read;
}
