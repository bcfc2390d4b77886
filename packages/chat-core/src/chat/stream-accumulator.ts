import { copyData } from '../history/copy-data';
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
    part.functionResponse === undefined &&
    part.executableCode === undefined &&
    part.codeExecutionResult === undefined &&
    part.providerBlock === undefined
  );
}

/**
 * Coalesces the chunks of one streamed reply (its candidate 0) into one model content and judges it by
 * rule 5: valid when every chunk was valid, a finish reason arrived, and the result has a
 * valid content. Chunks without parts (finish reason, usage) are neutral unless blocked.
 *
 * Text of the open text part is collected in an array and joined when the content is read,
 * so each chunk costs O(chunk).
 */
export class StreamAccumulator {
  private readonly parts: Part[] = [];
  /** Text pieces of the last part, while it is an open plain-text part. */
  private pending: string[] | undefined;
  private chunkValid = true;
  private finishReason: string | undefined;
  private finishMessage: string | undefined;
  private safetyRatings: Candidate['safetyRatings'];
  /** Gemini sends these on the last chunks, whole each time: the latest stands. */
  private groundingMetadata: Candidate['groundingMetadata'];
  private citationMetadata: Candidate['citationMetadata'];
  private urlContextMetadata: Candidate['urlContextMetadata'];
  private last: GenerateContentResponse | undefined;
  /** The latest usage a chunk carried: a provider may end with a chunk that has none. */
  private usage: GenerateContentResponse['usageMetadata'];
  private warnings: GenerateContentResponse['warnings'];
  /** Chunks seen; output began once this is > 0. */
  chunks = 0;

  add(chunk: GenerateContentResponse): void {
    this.chunks += 1;
    this.last = chunk;
    if (chunk.usageMetadata !== undefined) this.usage = chunk.usageMetadata;
    if (chunk.warnings !== undefined) this.warnings = chunk.warnings;
    if (chunk.promptFeedback?.blockReason) this.chunkValid = false;
    // With candidateCount > 1 a chunk may hold any of the candidates, in any order: the turn
    // is candidate 0's (others stay on the chunks for callers who read them).
    const candidate = chunk.candidates?.find((c) => (c.index ?? 0) === 0);
    if (candidate === undefined) return;
    const reason = candidate.finishReason;
    if (reason !== undefined) {
      this.finishReason = reason;
      if (isBlockedFinishReason(reason)) this.chunkValid = false;
    }
    if (candidate.finishMessage !== undefined) this.finishMessage = candidate.finishMessage;
    if (candidate.safetyRatings !== undefined) this.safetyRatings = candidate.safetyRatings;
    if (candidate.groundingMetadata !== undefined) {
      this.groundingMetadata = candidate.groundingMetadata;
    }
    if (candidate.citationMetadata !== undefined)
      this.citationMetadata = candidate.citationMetadata;
    if (candidate.urlContextMetadata !== undefined) {
      this.urlContextMetadata = candidate.urlContextMetadata;
    }
    const parts = candidate.content?.parts;
    if (parts === undefined || parts.length === 0) return;
    for (const part of parts) {
      // The common chunk is one plain text part: valid without a closer look.
      if (!isPlainText(part) && !isValidContent({ role: 'model', parts: [part] })) {
        this.chunkValid = false;
      }
      this.append(part);
    }
  }

  private append(part: Part): void {
    const previous = this.parts[this.parts.length - 1];
    // Merge adjacent text of the same kind. A signature (or citations) closes a part: text
    // after it starts a new part, while one arriving on later text moves onto the merged part.
    if (
      this.pending !== undefined &&
      previous !== undefined &&
      isPlainText(part) &&
      (previous.thought === true) === (part.thought === true) &&
      previous.thoughtSignature === undefined &&
      previous.citations === undefined &&
      previous.providerOptions === undefined &&
      part.providerOptions === undefined
    ) {
      this.pending.push(part.text as string);
      if (part.thoughtSignature !== undefined) previous.thoughtSignature = part.thoughtSignature;
      if (part.citations !== undefined) previous.citations = copyData(part.citations);
      return;
    }
    this.flush();
    this.pending = undefined;
    if (isPlainText(part) && part.citations === undefined) {
      this.parts.push({ ...part });
      this.pending = [part.text as string];
    } else {
      this.parts.push(copyData(part));
    }
  }

  /** Joins the open text part's pieces into it; the part stays open for more text. */
  private flush(): void {
    const pending = this.pending;
    if (pending === undefined || pending.length < 2) return;
    const text = pending.join('');
    (this.parts[this.parts.length - 1] as Part).text = text;
    this.pending = [text];
  }

  /** The coalesced model content; `parts: []` when the model said nothing. */
  content(): Content {
    this.flush();
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
    if (this.usage) init.usageMetadata = this.usage;
    if (last?.modelVersion) init.modelVersion = last.modelVersion;
    if (last?.responseId) init.responseId = last.responseId;
    if (last?.promptFeedback) init.promptFeedback = last.promptFeedback;
    if (this.warnings) init.warnings = this.warnings;
    const candidate: Candidate = { content: this.content(), index: 0 };
    if (this.finishReason !== undefined) candidate.finishReason = this.finishReason;
    if (this.finishMessage !== undefined) candidate.finishMessage = this.finishMessage;
    if (this.safetyRatings !== undefined) candidate.safetyRatings = this.safetyRatings;
    if (this.groundingMetadata !== undefined) candidate.groundingMetadata = this.groundingMetadata;
    if (this.citationMetadata !== undefined) candidate.citationMetadata = this.citationMetadata;
    if (this.urlContextMetadata !== undefined) {
      candidate.urlContextMetadata = this.urlContextMetadata;
    }
    init.candidates = [candidate];
    return new GenerateContentResponse(init);
  }
}
