import {
  type GenerateContentResponse,
  type ResponseWarning,
  StreamInterruptedError,
} from '@colloquy/chat-core';
import {
  attachWarnings,
  mapEventStream,
  parseJsonEvent,
  type SseEvent,
} from '@colloquy/provider-kit';
import { convertFromGeminiResponse } from './convert-from-gemini-response';
import { readGeminiResponse } from './gemini-api';
import { errorFromGeminiErrorBody, isGeminiErrorBody } from './gemini-error';

/**
 * Turns the events of a `streamGenerateContent?alt=sse` stream into response chunks. Each
 * Gemini event is already a complete `GenerateContentResponse` holding the new parts, so
 * one event gives at most one chunk and the work per event is one parse, one shallow
 * validation and one conversion. `finish()` checks that the stream really ended.
 */
export class GeminiStreamMapper {
  readonly #secrets: string[] | undefined;
  #chunks = 0;
  #blocked = false;
  // Per candidate index (several with candidateCount > 1): streaming, or finished.
  readonly #open = new Set<number>();
  readonly #finished = new Set<number>();

  constructor(options: { secrets?: string[] } = {}) {
    this.#secrets = options.secrets;
  }

  /** Chunks emitted so far. */
  get chunksReceived(): number {
    return this.#chunks;
  }

  /**
   * Maps one SSE event to zero or one chunks. An in-stream `{"error":{...}}` event throws
   * the matching typed error; an unreadable event throws `InvalidResponseError`.
   */
  push(event: SseEvent): GenerateContentResponse[] {
    const chunk = this.map(event);
    return chunk === undefined ? [] : [chunk];
  }

  /** `push` without the array, as provider-kit's `mapEventStream` calls it. */
  map(event: SseEvent): GenerateContentResponse | undefined {
    const value = parseJsonEvent(event.data, 'gemini', this.#secrets);
    if (isGeminiErrorBody(value)) {
      throw errorFromGeminiErrorBody({ body: value, bodyText: event.data, secrets: this.#secrets });
    }
    const wire = readGeminiResponse(value);
    if (wire.candidates == null && wire.promptFeedback == null && wire.usageMetadata == null) {
      return undefined;
    }
    if (wire.candidates) {
      for (const candidate of wire.candidates) {
        const index = candidate.index ?? 0;
        if (candidate.finishReason) {
          this.#finished.add(index);
          this.#open.delete(index);
        } else if (!this.#finished.has(index)) {
          this.#open.add(index);
        }
      }
    }
    // A blocked prompt ends the stream with promptFeedback and no candidate, hence no reason.
    if (wire.promptFeedback?.blockReason) this.#blocked = true;
    this.#chunks++;
    return convertFromGeminiResponse(wire);
  }

  /**
   * Call when the event stream ends. Gemini ends every complete reply with a finishReason
   * (or a prompt block); without one the connection was cut and the turn is partial.
   */
  finish(): void {
    if ((this.#blocked || this.#finished.size > 0) && this.#open.size === 0) return;
    throw new StreamInterruptedError({
      provider: 'gemini',
      chunksReceived: this.#chunks,
      cause: new Error(
        this.#chunks === 0
          ? 'the stream ended before any response event'
          : 'the stream ended before a finishReason arrived',
      ),
    });
  }
}

/**
 * Maps a Gemini SSE event stream to response chunks, checking at the end that it finished;
 * `warnings` go on the first chunk.
 */
export function mapGeminiEventStream(
  events: AsyncIterable<SseEvent>,
  options: { secrets?: string[]; warnings?: readonly ResponseWarning[] } = {},
): AsyncIterableIterator<GenerateContentResponse> {
  const warnings = options.warnings ?? [];
  return mapEventStream(events, new GeminiStreamMapper(options), {
    onFirstChunk: (chunk) => attachWarnings(chunk, warnings),
  });
}
