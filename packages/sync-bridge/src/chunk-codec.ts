import {
  type Candidate,
  type Content,
  GenerateContentResponse,
  type UsageMetadata,
} from '@colloquy/chat-core';
import type { GenerateContentResponseInit } from '@colloquy/chat-core/spec';

/**
 * A batch of stream chunks as it crosses the thread. Nearly every chunk of a text stream, from
 * any adapter, is one model text part on candidate 0 plus fields that repeat from chunk to
 * chunk (`modelVersion`, `responseId`, a usage that is absent, constant, or a few changing
 * counts). Those "text items" travel as their bare text, with what they share sent once per
 * batch and their counts in one flat number array; every other chunk travels whole. Cloning
 * strings and numbers and rebuilding the objects costs a fraction of cloning the object
 * graphs, which was most of a fast stream's cost.
 *
 * The fields below describe every text item of the batch; they are set only when it has some.
 */
export interface EncodedChunks {
  items: Array<string | GenerateContentResponseInit>;
  /** Which keys the candidate and content have, in which order (the `LAYOUT_*` bits). */
  layout?: number;
  modelVersion?: string;
  responseId?: string;
  /** Each text item's usage is a copy of this. */
  usage?: UsageMetadata;
  /** Each text item's usage has exactly these number fields, in this order... */
  countKeys?: string[];
  /** ...whose values, item after item, are these. */
  counts?: number[];
}

/** The candidate has `index: 0`. */
const LAYOUT_INDEX = 1;
/** ...before `content` (else after it). */
const LAYOUT_INDEX_FIRST = 2;
/** The content lists `parts` before `role`, as Gemini's wire format does. */
const LAYOUT_PARTS_FIRST = 4;

const NO_USAGE = 0;
const SAME_USAGE = 1;
const COUNTS = 2;

/** A chunk's field that is present and not undefined (an undefined field counts as unset, as in JSON). */
function isSet(value: object, key: string): boolean {
  return (value as Record<string, unknown>)[key] !== undefined;
}

/** The text of a chunk that is one model text part on candidate 0 and nothing else; its layout in `shape`. */
function textOf(chunk: GenerateContentResponseInit, shape: { layout: number }): string | undefined {
  for (const key in chunk) {
    if (
      key !== 'candidates' &&
      key !== 'usageMetadata' &&
      key !== 'modelVersion' &&
      key !== 'responseId' &&
      isSet(chunk, key)
    ) {
      return undefined;
    }
  }
  const candidates = chunk.candidates;
  if (candidates?.length !== 1) return undefined;
  const candidate = candidates[0] as Candidate;
  let layout = 0;
  let content: Content | undefined;
  for (const key in candidate) {
    if (key === 'content') content = candidate.content;
    else if (key === 'index') {
      if (candidate.index === undefined) continue;
      if (candidate.index !== 0) return undefined;
      layout |= content === undefined ? LAYOUT_INDEX | LAYOUT_INDEX_FIRST : LAYOUT_INDEX;
    } else if (isSet(candidate, key)) return undefined;
  }
  if (content === undefined || content.role !== 'model') return undefined;
  let roleSeen = false;
  for (const key in content) {
    if (key === 'role') roleSeen = true;
    else if (key === 'parts') {
      if (!roleSeen) layout |= LAYOUT_PARTS_FIRST;
    } else if (isSet(content, key)) return undefined;
  }
  const parts = content.parts;
  if (parts?.length !== 1) return undefined;
  const part = parts[0];
  if (typeof part?.text !== 'string') return undefined;
  for (const key in part) if (key !== 'text' && isSet(part, key)) return undefined;
  shape.layout = layout;
  return part.text;
}

/** Plain JSON-like data (what `copyData` can rebuild), compared key order and all. */
function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return Object.is(a, b); // only 0 and -0 differ
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return typeof a === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameData(a[i], b[i])) return false;
    return true;
  }
  if (!isPlainObject(a) || !isPlainObject(b) || Array.isArray(b)) return false;
  const keys = Object.keys(a);
  const other = Object.keys(b);
  if (keys.length !== other.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i] as string;
    if (key !== other[i] || !sameData(a[key], b[key])) return false;
  }
  return true;
}

function isPlainObject(value: object): value is Record<string, unknown> {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Whether `value` is data `copyData` rebuilds exactly: primitives, arrays, plain objects. */
function isPlainData(value: unknown, depth = 0): boolean {
  if (typeof value !== 'object' || value === null) {
    return typeof value !== 'function' && typeof value !== 'symbol' && typeof value !== 'bigint';
  }
  if (depth > 8) return false;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      if (!(i in value) || !isPlainData(value[i], depth + 1)) return false;
    }
    return true;
  }
  if (!isPlainObject(value) || Object.getPrototypeOf(value) === null) return false;
  for (const key of Object.keys(value)) if (!isPlainData(value[key], depth + 1)) return false;
  return Object.getOwnPropertySymbols(value).length === 0;
}

function copyData<T>(value: T): T {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyData) as T;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value))
    copy[key] = copyData((value as Record<string, unknown>)[key]);
  return copy as T;
}

/** The keys of a usage whose every field is a number, in order; undefined otherwise. */
function countKeysOf(usage: UsageMetadata): string[] | undefined {
  if (!isPlainObject(usage)) return undefined;
  const keys = Object.keys(usage);
  for (const key of keys) if (typeof usage[key] !== 'number') return undefined;
  return keys;
}

export function encodeChunks(chunks: readonly GenerateContentResponseInit[]): EncodedChunks {
  const items: Array<string | GenerateContentResponseInit> = [];
  const encoded: EncodedChunks = { items };
  const shape = { layout: 0 };
  let started = false;
  let usageMode = NO_USAGE;
  let countKeys: string[] = [];
  const counts: number[] = [];
  for (const chunk of chunks) {
    const text = textOf(chunk, shape);
    if (text === undefined) {
      items.push(chunk);
      continue;
    }
    const usage = chunk.usageMetadata;
    if (!started) {
      // The first text item sets what every text item of this batch shares.
      if (usage !== undefined) {
        const keys = countKeysOf(usage);
        if (keys !== undefined) {
          usageMode = COUNTS;
          countKeys = keys;
          encoded.countKeys = keys;
          encoded.counts = counts;
        } else if (isPlainData(usage)) {
          usageMode = SAME_USAGE;
          encoded.usage = usage;
        } else {
          items.push(chunk);
          continue;
        }
      }
      started = true;
      encoded.layout = shape.layout;
      if (chunk.modelVersion !== undefined) encoded.modelVersion = chunk.modelVersion;
      if (chunk.responseId !== undefined) encoded.responseId = chunk.responseId;
    } else if (
      shape.layout !== encoded.layout ||
      chunk.modelVersion !== encoded.modelVersion ||
      chunk.responseId !== encoded.responseId ||
      !fitsUsage(usage, usageMode, encoded.usage, countKeys)
    ) {
      items.push(chunk);
      continue;
    }
    if (usageMode === COUNTS) {
      for (const key of countKeys) counts.push((usage as UsageMetadata)[key] as number);
    }
    items.push(text);
  }
  return encoded;
}

function fitsUsage(
  usage: UsageMetadata | undefined,
  mode: number,
  shared: UsageMetadata | undefined,
  countKeys: readonly string[],
): boolean {
  if (mode === NO_USAGE) return usage === undefined;
  if (usage === undefined) return false;
  if (mode === SAME_USAGE) return usage === shared || sameData(usage, shared);
  if (!isPlainObject(usage)) return false;
  let i = 0;
  for (const key in usage) {
    if (key !== countKeys[i] || typeof usage[key] !== 'number') return false;
    i++;
  }
  return i === countKeys.length;
}

/** The chunks of a batch, rebuilt as the responses the adapter produced. */
export function decodeChunks(encoded: EncodedChunks): GenerateContentResponse[] {
  const { items, layout = 0, modelVersion, responseId, usage, countKeys, counts } = encoded;
  const out: GenerateContentResponse[] = [];
  let at = 0;
  for (const item of items) {
    if (typeof item !== 'string') {
      out.push(GenerateContentResponse.from(item));
      continue;
    }
    const parts = [{ text: item }];
    const content: Content =
      layout & LAYOUT_PARTS_FIRST ? { parts, role: 'model' } : { role: 'model', parts };
    const candidate: Candidate =
      (layout & LAYOUT_INDEX) === 0
        ? { content }
        : layout & LAYOUT_INDEX_FIRST
          ? { index: 0, content }
          : { content, index: 0 };
    const chunk = new GenerateContentResponse();
    chunk.candidates = [candidate];
    if (countKeys !== undefined && counts !== undefined) {
      const values: UsageMetadata = {};
      for (const key of countKeys) values[key] = counts[at++];
      chunk.usageMetadata = values;
    } else if (usage !== undefined) {
      chunk.usageMetadata = copyData(usage);
    }
    if (modelVersion !== undefined) chunk.modelVersion = modelVersion;
    if (responseId !== undefined) chunk.responseId = responseId;
    out.push(chunk);
  }
  return out;
}
