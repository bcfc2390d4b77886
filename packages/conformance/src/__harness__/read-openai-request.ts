import type { HarnessFunctionCall, HarnessMessage, HarnessRequest } from '../conformance-harness';
import { asArray, asRecord, asString, parseArguments, parseMaybeJson } from './wire-values';

/** `content` as a string, or an array of parts of which the text ones count. */
function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  return asArray(content)
    .map(asRecord)
    .filter((part) => part.type === 'text')
    .map((part) => asString(part.text) ?? '')
    .join('');
}

function roleOf(role: unknown): HarnessMessage['role'] {
  if (role === 'system' || role === 'developer') return 'system';
  return role === 'assistant' ? 'assistant' : 'user';
}

/** An OpenAI Chat Completions body, read back. `tool` messages are user turns. */
export function readOpenAIRequest(body: unknown): HarnessRequest {
  const request = asRecord(body);
  const messages: HarnessMessage[] = asArray(request.messages)
    .map(asRecord)
    .map((message) => {
      const functionCalls: HarnessFunctionCall[] = asArray(message.tool_calls)
        .map(asRecord)
        .map((call) => {
          const fn = asRecord(call.function);
          const entry: HarnessFunctionCall = {
            name: asString(fn.name) ?? '',
            args: parseArguments(fn.arguments),
          };
          const id = asString(call.id);
          if (id !== undefined) entry.id = id;
          return entry;
        });
      if (message.role === 'tool') {
        const id = asString(message.tool_call_id);
        return {
          role: 'user',
          text: '',
          functionCalls,
          functionResponses: [
            {
              ...(id === undefined ? {} : { id }),
              response: parseMaybeJson(textOf(message.content)),
            },
          ],
        };
      }
      return {
        role: roleOf(message.role),
        text: textOf(message.content),
        functionCalls,
        functionResponses: [],
      };
    });
  const functionDeclarations = asArray(request.tools).map(
    (tool) => asString(asRecord(asRecord(tool).function).name) ?? '',
  );
  const read: HarnessRequest = { messages, functionDeclarations, stream: request.stream === true };
  const model = asString(request.model);
  if (model !== undefined) read.model = model;
  return read;
}
