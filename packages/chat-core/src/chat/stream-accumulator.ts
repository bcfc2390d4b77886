import { isBlockedFinishReason, isValidContent } from '../history/is-valid-content';
import type { Content } from '../types/content';
import {
  type Candidate,
  GenerateContentResponse,
  type GenerateContentResponseInit,
} from '../types/generate-content-response';
import type { Part } from '../types/part';

function isPlainText(part: Part): boolean {
  return (
    typeof part.text === 'string' &&
    part.inlineData === undefined &&
    part.fileData === undefined &&
    part.functionCall === undefined &&
    part.functionResponse === undefined
  );
}

/**
 * Coalesces the chunks of one streamed reply into one model content and judges it by
 * rule 5: valid when every chunk was valid, a finish reason arrived, and the result has a
 * valid content. Chunks without parts (finish reason, usage) are neutral unless blocked.
 * O(chunk) per chunk: text is appended to the last part, never re-scanned.
 */
export class StreamAccumulator {
  private readonly parts: Part[] = [];
  private chunkValid = true;
  private finishReason: string | undefined;
  private last: GenerateContentResponse | undefined;
  private candidate: Omit<Candidate, 'content'> = {};
  /** Chunks seen; output began once this is > 0. */
  chunks = 0;

  add(chunk: GenerateContentResponse): void {
    this.chunks += 1;
    this.last = chunk;
    if (chunk.promptFeedback?.blockReason) this.chunkValid = false;
    const candidate = chunk.candidates?.[0];
    if (!candidate) return;
    const { content, ...meta } = candidate;
    if (meta.finishReason !== undefined) {
      this.finishReason = meta.finishReason;
      if (isBlockedFinishReason(meta.finishReason)) this.chunkValid = false;
    }
    if (meta.finishMessage !== undefined) this.candidate.finishMessage = meta.finishMessage;
    if (meta.safetyRatings !== undefined) this.candidate.safetyRatings = meta.safetyRatings;
    const parts = content?.parts;
    if (!parts || parts.length === 0) return;
    if (!isValidContent(content)) this.chunkValid = false;
    for (const part of parts) this.append(part);
  }

  private append(part: Part): void {
    const previous = this.parts[this.parts.length - 1];
    // Merge adjacent text of the same kind. A signature closes a part: text after it starts
    // a new part, while a signature arriving on later text moves onto the merged part.
    if (
      previous !== undefined &&
      isPlainText(previous) &&
      isPlainText(part) &&
      (previous.thought === true) === (part.thought === true) &&
      previous.thoughtSignature === undefined
    ) {
      previous.text = (previous.text as string) + (part.text as string);
      if (part.thoughtSignature !== undefined) previous.thoughtSignature = part.thoughtSignature;
      return;
    }
    this.parts.push(isPlainText(part) ? { ...part } : structuredClone(part));
  }

  /** The coalesced model content; `parts: []` when the model said nothing. */
  content(): Content {
    return { role: 'model', parts: this.parts };
  }

  /** Rule 5. */
  isValid(): boolean {
    return this.chunkValid && this.finishReason !== undefined && this.parts.length > 0;
  }

  /** One response standing for the whole streamed reply (for function calling and records). */
  toResponse(): GenerateContentResponse {
    const init: GenerateContentResponseInit = {};
    const last = this.last;
    if (last?.usageMetadata) init.usageMetadata = last.usageMetadata;
    if (last?.modelVersion) init.modelVersion = last.modelVersion;
    if (last?.responseId) init.responseId = last.responseId;
    if (last?.promptFeedback) init.promptFeedback = last.promptFeedback;
    const candidate: Candidate = { ...this.candidate, content: this.content(), index: 0 };
    if (this.finishReason !== undefined) candidate.finishReason = this.finishReason;
    init.candidates = [candidate];
    return new GenerateContentResponse(init);
  }
}
