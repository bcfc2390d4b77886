import type {
  HarnessFunctionCall,
  HarnessFunctionResponse,
  HarnessMessage,
  HarnessRequest,
} from '../conformance-harness';
import { asArray, asRecord, asString } from './wire-values';

function textOf(parts: unknown[]): string {
  return parts
    .map(asRecord)
    .filter((part) => part.thought !== true)
    .map((part) => asString(part.text) ?? '')
    .join('');
}

/** A Gemini `generateContent` / `streamGenerateContent` body, read back. */
export function readGeminiRequest(
  body: unknown,
  route: { model?: string; stream?: boolean },
): HarnessRequest {
  const request = asRecord(body);
  const messages: HarnessMessage[] = [];
  const system = asRecord(request.systemInstruction);
  if (request.systemInstruction !== undefined) {
    messages.push({
      role: 'system',
      text: textOf(asArray(system.parts)),
      functionCalls: [],
      functionResponses: [],
    });
  }
  for (const content of asArray(request.contents).map(asRecord)) {
    const parts = asArray(content.parts).map(asRecord);
    const functionCalls: HarnessFunctionCall[] = [];
    const functionResponses: HarnessFunctionResponse[] = [];
    for (const part of parts) {
      if (part.functionCall !== undefined) {
        const call = asRecord(part.functionCall);
        const entry: HarnessFunctionCall = {
          name: asString(call.name) ?? '',
          args: asRecord(call.args),
        };
        const id = asString(call.id);
        if (id !== undefined) entry.id = id;
        functionCalls.push(entry);
      }
      if (part.functionResponse !== undefined) {
        const result = asRecord(part.functionResponse);
        const entry: HarnessFunctionResponse = { response: result.response };
        const id = asString(result.id);
        if (id !== undefined) entry.id = id;
        const name = asString(result.name);
        if (name !== undefined) entry.name = name;
        functionResponses.push(entry);
      }
    }
    messages.push({
      role: content.role === 'model' ? 'assistant' : 'user',
      text: textOf(parts),
      functionCalls,
      functionResponses,
    });
  }
  const functionDeclarations = asArray(request.tools)
    .flatMap((tool) => asArray(asRecord(tool).functionDeclarations))
    .map((declaration) => asString(asRecord(declaration).name) ?? '');
  const read: HarnessRequest = { messages, functionDeclarations };
  if (route.model !== undefined) read.model = route.model;
  if (route.stream !== undefined) read.stream = route.stream;
  return read;
}
