import { type Candidate, GenerateContentResponse, type Part } from '@colloquy/chat-core';
import type { GenerateContentResponseInit } from '@colloquy/chat-core/spec';
import { citationsOf } from './citations-of';
import { convertOpenAIUsage } from './convert-openai-usage';
import { mapOpenAIFinishReason } from './map-openai-finish-reason';
import type { OpenAIChatCompletion, OpenAIToolCall } from './openai-api';
import { parseToolCallArguments } from './parse-tool-call-arguments';

type ToolCallsResult = { ok: true; parts: Part[] } | { ok: false; message: string };

/** Tool calls as function-call parts, or the raw text of the first malformed one. */
function convertToolCalls(toolCalls: readonly OpenAIToolCall[]): ToolCallsResult {
  const parts: Part[] = [];
  for (const call of toolCalls) {
    const name = call.function?.name;
    const parsed = parseToolCallArguments(call.function?.arguments);
    if (!parsed.ok) return { ok: false, message: parsed.raw };
    if (typeof name !== 'string' || name === '') {
      return { ok: false, message: 'A tool call came without a function name.' };
    }
    const functionCall: NonNullable<Part['functionCall']> = { name, args: parsed.args };
    if (typeof call.id === 'string' && call.id !== '') functionCall.id = call.id;
    parts.push({ functionCall });
  }
  return { ok: true, parts };
}

/** The response-level fields every chunk or response carries. */
function responseMetadata(
  id: unknown,
  model: unknown,
  created: unknown,
): GenerateContentResponseInit {
  const init: GenerateContentResponseInit = {};
  if (typeof id === 'string' && id !== '') init.responseId = id;
  if (typeof model === 'string' && model !== '') init.modelVersion = model;
  if (typeof created === 'number' && Number.isFinite(created) && created > 0) {
    init.createTime = new Date(created * 1000).toISOString();
  }
  return init;
}

/**
 * A Chat Completions response as a `GenerateContentResponse` with one candidate (choice 0).
 *
 * - A refusal gives finish reason `SAFETY`, the refusal text as `finishMessage`, no content.
 * - Malformed tool-call arguments give `MALFORMED_FUNCTION_CALL`, the raw text, no content.
 * - `reasoning_content`/`reasoning` become thought parts, before the answer.
 * - `url_citation` annotations become the answer part's `citations`.
 * - No choices, or a choice with neither text nor tool calls, gives a response chat-core treats
 *   as invalid (no candidates / no content), so it stays out of the curated history.
 */
export function convertFromOpenAIResponse(response: OpenAIChatCompletion): GenerateContentResponse {
  const init = responseMetadata(response.id, response.model, response.created);
  const usage = convertOpenAIUsage(response.usage);
  if (usage) init.usageMetadata = usage;

  const choices = response.choices ?? [];
  const choice = choices.find((c) => (c.index ?? 0) === 0) ?? choices[0];
  if (!choice) return new GenerateContentResponse(init);

  const candidate: Candidate = { index: 0 };
  const finishReason = mapOpenAIFinishReason(choice.finish_reason);
  if (finishReason) candidate.finishReason = finishReason;
  init.candidates = [candidate];

  const message = choice.message;
  if (!message) return new GenerateContentResponse(init);
  if (typeof message.refusal === 'string' && message.refusal !== '') {
    candidate.finishReason = 'SAFETY';
    candidate.finishMessage = message.refusal;
    return new GenerateContentResponse(init);
  }

  const parts: Part[] = [];
  const reasoning = message.reasoning_content || message.reasoning;
  if (reasoning) parts.push({ text: reasoning, thought: true });
  if (message.content) {
    const citations = citationsOf(message.annotations);
    parts.push(citations ? { text: message.content, citations } : { text: message.content });
  }
  if (message.tool_calls && message.tool_calls.length > 0) {
    const calls = convertToolCalls(message.tool_calls);
    if (!calls.ok) {
      candidate.finishReason = 'MALFORMED_FUNCTION_CALL';
      candidate.finishMessage = calls.message;
      return new GenerateContentResponse(init);
    }
    parts.push(...calls.parts);
  }
  if (parts.length > 0) candidate.content = { role: 'model', parts };
  return new GenerateContentResponse(init);
}
