import { validateResponse } from '@colloquy/provider-kit';
import * as v from 'valibot';
import { GEMINI_PROVIDER } from './gemini-options';

/*
 * Loose schemas of what Gemini sends back: only the fields the adapter reads are checked,
 * everything else passes through untouched so new fields reach the caller. Parts are only
 * checked to be objects: their fields are Gemini's and ours alike, and deep-checking every
 * part of every stream event would cost more than it protects.
 */

const partSchema = v.looseObject({});

const contentSchema = v.looseObject({
  role: v.nullish(v.string()),
  parts: v.nullish(v.array(partSchema)),
});

const safetyRatingsSchema = v.nullish(v.array(v.looseObject({})));

const candidateSchema = v.looseObject({
  content: v.nullish(contentSchema),
  finishReason: v.nullish(v.string()),
  finishMessage: v.nullish(v.string()),
  safetyRatings: safetyRatingsSchema,
  index: v.nullish(v.number()),
});

export const geminiResponseSchema = v.looseObject({
  candidates: v.nullish(v.array(candidateSchema)),
  promptFeedback: v.nullish(
    v.looseObject({
      blockReason: v.nullish(v.string()),
      blockReasonMessage: v.nullish(v.string()),
      safetyRatings: safetyRatingsSchema,
    }),
  ),
  usageMetadata: v.nullish(v.looseObject({})),
  modelVersion: v.nullish(v.string()),
  responseId: v.nullish(v.string()),
  createTime: v.nullish(v.string()),
});

/** One `GenerateContentResponse` as Gemini sends it, whole or as one stream event. */
export type GeminiResponse = v.InferOutput<typeof geminiResponseSchema>;
export type GeminiCandidate = v.InferOutput<typeof candidateSchema>;
export type GeminiContent = v.InferOutput<typeof contentSchema>;

/** Google's error envelope, sent as an HTTP error body or as an event inside a stream. */
export const geminiErrorSchema = v.looseObject({
  error: v.looseObject({
    code: v.nullish(v.number()),
    message: v.nullish(v.string()),
    status: v.nullish(v.string()),
  }),
});

export type GeminiErrorBody = v.InferOutput<typeof geminiErrorSchema>;

// The same checks as geminiResponseSchema, hand-written for the stream's hot path: valibot
// copies every object it validates, which would double the per-event cost. Anything this
// rejects goes through the schema, which either accepts it or says precisely what is wrong,
// so the two must agree on what passes (a test holds them to it).

// Like valibot's looseObject, which takes arrays for objects too.
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

function isOptionalString(value: unknown): boolean {
  return value == null || typeof value === 'string';
}

function isOptionalObjectArray(value: unknown): boolean {
  if (value == null) return true;
  if (!Array.isArray(value)) return false;
  for (const item of value) if (!isObject(item)) return false;
  return true;
}

function isCandidate(value: unknown): boolean {
  if (!isObject(value)) return false;
  const content = value.content;
  if (content != null) {
    if (!isObject(content) || !isOptionalString(content.role)) return false;
    if (!isOptionalObjectArray(content.parts)) return false;
  }
  const index = value.index;
  return (
    isOptionalString(value.finishReason) &&
    isOptionalString(value.finishMessage) &&
    isOptionalObjectArray(value.safetyRatings) &&
    (index == null || typeof index === 'number')
  );
}

/** A fast, non-copying check that `value` passes `geminiResponseSchema`. */
export function isGeminiResponse(value: unknown): value is GeminiResponse {
  if (!isObject(value)) return false;
  const { candidates, promptFeedback, usageMetadata } = value;
  if (candidates != null) {
    if (!Array.isArray(candidates)) return false;
    for (const candidate of candidates) if (!isCandidate(candidate)) return false;
  }
  if (promptFeedback != null) {
    if (!isObject(promptFeedback)) return false;
    if (!isOptionalString(promptFeedback.blockReason)) return false;
    if (!isOptionalString(promptFeedback.blockReasonMessage)) return false;
    if (!isOptionalObjectArray(promptFeedback.safetyRatings)) return false;
  }
  return (
    (usageMetadata == null || isObject(usageMetadata)) &&
    isOptionalString(value.modelVersion) &&
    isOptionalString(value.responseId) &&
    isOptionalString(value.createTime)
  );
}

/**
 * Validates a parsed Gemini response: the fast check when it passes, else the schema, which
 * throws InvalidResponseError naming the field that is wrong.
 */
export function readGeminiResponse(value: unknown): GeminiResponse {
  return isGeminiResponse(value)
    ? value
    : validateResponse(geminiResponseSchema, value, GEMINI_PROVIDER);
}
