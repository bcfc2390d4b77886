import {
  type Candidate,
  type Content,
  GenerateContentResponse,
  type Part,
  type PromptFeedback,
  type UsageMetadata,
} from '@colloquy/chat-core';
import type { GeminiCandidate, GeminiContent, GeminiResponse } from './gemini-api';
import { mapGeminiFinishReason } from './map-gemini-finish-reason';

/**
 * Keeps a candidate's content only when it carries parts. Gemini sends `{role:'model'}` or
 * `parts: []` on final and blocked candidates; chat-core reads a missing content as "nothing
 * in this chunk" but an empty parts list as an invalid turn, so an empty one is dropped here.
 * Parts pass through as they are: thoughts, thought signatures and call ids must round-trip.
 */
function convertContent(content: GeminiContent | null | undefined): Content | undefined {
  const parts = content?.parts;
  if (!parts || parts.length === 0) return undefined;
  // A response content is always the model's turn, whatever (if anything) the wire said.
  return { role: 'model', parts: parts as Part[] };
}

/** Most candidates are already in Colloquy's shape: those are used as they are, uncopied. */
function isColloquyShaped(wire: GeminiCandidate): boolean {
  const content = wire.content;
  return (
    content != null &&
    content.role === 'model' &&
    content.parts != null &&
    content.parts.length > 0 &&
    wire.finishReason !== null &&
    wire.finishReason !== '' &&
    wire.finishMessage !== null &&
    wire.safetyRatings !== null &&
    wire.index !== null
  );
}

function convertCandidate(wire: GeminiCandidate): Candidate {
  // The stream's hot path: one check instead of a copy for a typical chunk.
  if (isColloquyShaped(wire)) return wire as Candidate;
  // Fields Colloquy does not model (avgLogprobs, citationMetadata, groundingMetadata, ...)
  // pass through for callers who read them.
  const { content, finishReason, finishMessage, safetyRatings, index, ...rest } = wire;
  const candidate: Candidate & Record<string, unknown> = rest;
  const converted = convertContent(content);
  if (converted) candidate.content = converted;
  const reason = mapGeminiFinishReason(finishReason);
  if (reason) candidate.finishReason = reason;
  if (finishMessage != null) candidate.finishMessage = finishMessage;
  if (safetyRatings != null) candidate.safetyRatings = safetyRatings;
  if (index != null) candidate.index = index;
  return candidate;
}

function convertCandidates(wire: GeminiCandidate[]): Candidate[] {
  // The usual single, Colloquy-shaped candidate keeps its array too.
  if (wire.length === 1 && isColloquyShaped(wire[0] as GeminiCandidate)) return wire as Candidate[];
  return wire.map(convertCandidate);
}

/**
 * Turns one validated Gemini response (a whole reply or one stream event) into a
 * `GenerateContentResponse`. A blocked prompt comes out with no candidates and its
 * `promptFeedback.blockReason`, which the chat treats as an invalid turn. The wire objects
 * are reused, not copied (they come fresh from JSON.parse): don't mutate them afterwards.
 */
export function convertFromGeminiResponse(wire: GeminiResponse): GenerateContentResponse {
  // Fields are set one by one, only when present, so the response holds no undefined keys.
  const response = new GenerateContentResponse();
  const candidates = wire.candidates;
  if (candidates && candidates.length > 0) response.candidates = convertCandidates(candidates);
  if (wire.promptFeedback != null) response.promptFeedback = wire.promptFeedback as PromptFeedback;
  if (wire.usageMetadata != null) response.usageMetadata = wire.usageMetadata as UsageMetadata;
  if (wire.modelVersion != null) response.modelVersion = wire.modelVersion;
  if (wire.responseId != null) response.responseId = wire.responseId;
  if (wire.createTime != null) response.createTime = wire.createTime;
  return response;
}
