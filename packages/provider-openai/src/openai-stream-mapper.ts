import {
  type Candidate,
  type FinishReason,
  GenerateContentResponse,
  InvalidResponseError,
  type Part,
  StreamInterruptedError,
  type UsageMetadata,
} from '@colloquy/chat-core';
import { excerptOf, parseJsonEvent, type SseEvent } from '@colloquy/provider-kit';
import { citationsOf } from './citations-of';
import { convertOpenAIUsage } from './convert-openai-usage';
import { errorFromOpenAIEvent } from './error-from-openai-event';
import { mapOpenAIFinishReason } from './map-openai-finish-reason';
import type { OpenAIChatChunk } from './openai-api';
import { OPENAI_PROVIDER } from './openai-options';
import { parseToolCallArguments } from './parse-tool-call-arguments';

const NONE: readonly GenerateContentResponse[] = Object.freeze([]);

type Loose = Record<string, unknown>;

interface ToolCallSlot {
  id: string | undefined;
  name: string | undefined;
  args: string;
}

function isObject(value: unknown): value is Loose {
  return value !== null && typeof value === 'object';
}

/**
 * Turns the SSE events of a Chat Completions stream into `GenerateContentResponse` chunks,
 * one event at a time, in O(event) work.
 *
 * - `delta.content` and reasoning deltas become text / thought chunks at once.
 * - `delta.tool_calls` fragments are joined by `index` and sent as whole function calls when
 *   the choice finishes (or the stream ends).
 * - `delta.refusal` is collected and ends the turn as `SAFETY` with the refusal text.
 * - The finish reason and the usage (OpenAI sends it after the finish, in a chunk with no
 *   choices) go in one last chunk whose candidate has no `content`, so it never makes a good
 *   turn look empty. A stream ending with `[DONE]` but no finish reason (some compatible
 *   servers) finishes with `STOP`.
 *
 * Only choice 0 is read. Chunks are checked with typeof rather than a schema, to keep the
 * per-event cost low; a chunk of the wrong shape is an InvalidResponseError.
 */
export class OpenAIStreamMapper {
  readonly #secrets: string[] | undefined;
  #responseId: string | undefined;
  #modelVersion: string | undefined;
  #finishReason: FinishReason | undefined;
  /** A finish_reason was seen: the stream may end without `[DONE]`. */
  #finished = false;
  /** `[DONE]` was seen: later events are ignored. */
  #done = false;
  #usage: UsageMetadata | undefined;
  #refusal = '';
  #malformed: string | undefined;
  #toolCalls: ToolCallSlot[] = [];
  #emitted = 0;
  #closed = false;

  constructor(options: { secrets?: string[] } = {}) {
    this.#secrets = options.secrets;
  }

  /** True once `[DONE]` arrived: the caller can stop reading. */
  get isDone(): boolean {
    return this.#done;
  }

  /** Chunks returned so far. */
  get chunksEmitted(): number {
    return this.#emitted;
  }

  /** `push`, under the name provider-kit's `mapEventStream` calls. */
  map(event: SseEvent): readonly GenerateContentResponse[] {
    return this.push(event);
  }

  /** Maps one SSE event to zero or more chunks. Throws a typed error for an error event. */
  push(event: SseEvent): readonly GenerateContentResponse[] {
    if (this.#done) return NONE;
    const data = event.data;
    if (data === '[DONE]') {
      this.#done = true;
      return this.#end();
    }
    if (data === '') return NONE;
    const value = parseJsonEvent(data, OPENAI_PROVIDER, this.#secrets) as OpenAIChatChunk;
    if (!isObject(value)) throw this.#badShape(data);
    if (
      event.event === 'error' ||
      (value.error !== undefined && value.error !== null) ||
      (value as Loose).object === 'error'
    ) {
      throw errorFromOpenAIEvent({
        data,
        error: isObject(value.error) ? value.error : value,
        secrets: this.#secrets,
      });
    }
    if (this.#responseId === undefined && typeof value.id === 'string' && value.id !== '') {
      this.#responseId = value.id;
    }
    if (this.#modelVersion === undefined && typeof value.model === 'string' && value.model !== '') {
      this.#modelVersion = value.model;
    }
    if (isObject(value.usage)) this.#usage = convertOpenAIUsage(value.usage) ?? this.#usage;

    const choices = value.choices;
    if (choices === undefined || choices === null) return NONE;
    if (!Array.isArray(choices)) throw this.#badShape(data);
    const choice = firstChoice(choices);
    if (choice === undefined) return NONE;

    let out: GenerateContentResponse[] | undefined;
    const delta = choice.delta;
    if (isObject(delta)) {
      const reasoning = delta.reasoning_content || delta.reasoning;
      if (typeof reasoning === 'string' && reasoning !== '') {
        out = [this.#partChunk({ text: reasoning, thought: true })];
      }
      const content = delta.content;
      // Annotations come on a late delta, often with no text: as an empty text part with
      // citations, which the chat moves onto the text before it.
      const citations = citationsOf(delta.annotations);
      if ((typeof content === 'string' && content !== '') || citations) {
        const part: Part = { text: typeof content === 'string' ? content : '' };
        if (citations) part.citations = citations;
        const chunk = this.#partChunk(part);
        if (out) out.push(chunk);
        else out = [chunk];
      }
      if (typeof delta.refusal === 'string') this.#refusal += delta.refusal;
      const toolCalls = delta.tool_calls;
      if (Array.isArray(toolCalls)) this.#addToolCalls(toolCalls);
    }
    const reason = choice.finish_reason;
    if (typeof reason === 'string' && reason !== '') {
      this.#finished = true;
      this.#finishReason = mapOpenAIFinishReason(reason);
      const calls = this.#flushToolCalls();
      if (calls) {
        if (out) out.push(calls);
        else out = [calls];
      }
    }
    return out ?? NONE;
  }

  /**
   * Called when the event stream ends. Returns the last chunk (finish reason, usage) if it is
   * still owed; throws StreamInterruptedError if the stream ended before `[DONE]` or a finish
   * reason, since the reply may be cut short.
   */
  finish(): readonly GenerateContentResponse[] {
    if (this.#done) return NONE;
    if (!this.#finished) {
      throw new StreamInterruptedError({
        provider: OPENAI_PROVIDER,
        chunksReceived: this.#emitted,
        message: `The ${OPENAI_PROVIDER} stream ended after ${this.#emitted} chunk(s) without a finish reason or [DONE]; the reply may be cut short. The partial reply was kept out of the curated history; send the message again.`,
      });
    }
    this.#done = true;
    return this.#end();
  }

  #addToolCalls(deltas: unknown[]): void {
    for (const fragment of deltas) {
      if (!isObject(fragment)) continue;
      const fn = isObject(fragment.function) ? fragment.function : undefined;
      const id = typeof fragment.id === 'string' && fragment.id !== '' ? fragment.id : undefined;
      const name = typeof fn?.name === 'string' && fn.name !== '' ? fn.name : undefined;
      let slot: ToolCallSlot | undefined;
      if (typeof fragment.index === 'number') {
        slot = this.#toolCalls[fragment.index];
        if (!slot) {
          slot = { id: undefined, name: undefined, args: '' };
          this.#toolCalls[fragment.index] = slot;
        }
      } else {
        // No index (some compatible servers): an id or name starts a call, else it continues.
        slot = id || name ? undefined : this.#toolCalls[this.#toolCalls.length - 1];
        if (!slot) {
          slot = { id: undefined, name: undefined, args: '' };
          this.#toolCalls.push(slot);
        }
      }
      if (id !== undefined && slot.id === undefined) slot.id = id;
      if (name !== undefined && slot.name === undefined) slot.name = name;
      const args = fn?.arguments;
      if (typeof args === 'string') slot.args += args;
      else if (isObject(args)) slot.args += JSON.stringify(args);
    }
  }

  /** The collected tool calls as one chunk of function-call parts, or none if malformed. */
  #flushToolCalls(): GenerateContentResponse | undefined {
    const slots = this.#toolCalls;
    if (slots.length === 0) return undefined;
    this.#toolCalls = [];
    const parts: Part[] = [];
    for (const slot of slots) {
      if (!slot) continue; // a hole left by a skipped index
      const parsed = parseToolCallArguments(slot.args);
      if (!parsed.ok) {
        this.#malformed = parsed.raw;
        return undefined;
      }
      if (slot.name === undefined) {
        this.#malformed = 'A tool call came without a function name.';
        return undefined;
      }
      const functionCall: NonNullable<Part['functionCall']> = {
        name: slot.name,
        args: parsed.args,
      };
      if (slot.id !== undefined) functionCall.id = slot.id;
      parts.push({ functionCall });
    }
    if (parts.length === 0) return undefined;
    return this.#chunk({ content: { role: 'model', parts }, index: 0 });
  }

  /** The tool calls still owed, then the chunk carrying finish reason and usage. */
  #end(): readonly GenerateContentResponse[] {
    if (this.#closed) return NONE;
    this.#closed = true;
    const out: GenerateContentResponse[] = [];
    const calls = this.#flushToolCalls();
    if (calls) out.push(calls);
    const candidate: Candidate = { index: 0 };
    if (this.#malformed !== undefined) {
      candidate.finishReason = 'MALFORMED_FUNCTION_CALL';
      candidate.finishMessage = this.#malformed;
    } else if (this.#refusal !== '') {
      candidate.finishReason = 'SAFETY';
      candidate.finishMessage = this.#refusal;
    } else {
      // Only [DONE] brings us here without a finish reason: the server says it finished.
      candidate.finishReason = this.#finishReason ?? 'STOP';
    }
    out.push(this.#chunk(candidate, this.#usage));
    return out;
  }

  #partChunk(part: Part): GenerateContentResponse {
    return this.#chunk({ content: { role: 'model', parts: [part] }, index: 0 });
  }

  #chunk(candidate: Candidate, usage?: UsageMetadata): GenerateContentResponse {
    this.#emitted++;
    return new GenerateContentResponse({
      candidates: [candidate],
      usageMetadata: usage,
      modelVersion: this.#modelVersion,
      responseId: this.#responseId,
    });
  }

  #badShape(data: string): InvalidResponseError {
    return new InvalidResponseError({
      provider: OPENAI_PROVIDER,
      excerpt: excerptOf(data, this.#secrets),
      message: `${OPENAI_PROVIDER} sent a stream event that is not a chat.completion.chunk. Check the baseUrl option points at a Chat Completions API.`,
    });
  }
}

function firstChoice(choices: unknown[]): Loose | undefined {
  const first = choices[0];
  if (isObject(first) && (first.index === undefined || first.index === null || first.index === 0)) {
    return first;
  }
  for (const choice of choices) if (isObject(choice) && choice.index === 0) return choice;
  return undefined;
}
