import type { GenerateContentResponseInit } from '@colloquy/chat-core';

/**
 * A batch of stream chunks as it crosses the thread. Most chunks of a text stream are
 * `{candidates: [{content: {role: 'model', parts: [{text}]}}], modelVersion}` with only the
 * text changing; those travel as the bare string (with `modelVersion` once per batch), the
 * rest as objects. Cloning a string and rebuilding the object costs a fraction of cloning
 * the object graph, which is most of a fast stream's cost.
 */
export interface EncodedChunks {
  items: Array<string | GenerateContentResponseInit>;
  modelVersion?: string;
}

export function encodeChunks(chunks: readonly GenerateContentResponseInit[]): EncodedChunks {
  let modelVersion: string | undefined;
  let versionSet = false;
  const items: Array<string | GenerateContentResponseInit> = [];
  for (const chunk of chunks) {
    const text = plainText(chunk);
    if (text !== undefined) {
      if (!versionSet) {
        modelVersion = chunk.modelVersion;
        versionSet = true;
      }
      if (chunk.modelVersion === modelVersion) {
        items.push(text);
        continue;
      }
    }
    items.push(chunk);
  }
  return modelVersion === undefined ? { items } : { items, modelVersion };
}

export function decodeChunks(encoded: EncodedChunks): GenerateContentResponseInit[] {
  const { items, modelVersion } = encoded;
  return items.map((item) => {
    if (typeof item !== 'string') return item;
    const candidates = [{ content: { role: 'model' as const, parts: [{ text: item }] } }];
    return modelVersion === undefined ? { candidates } : { candidates, modelVersion };
  });
}

/** The text of a chunk that is exactly one model text part and maybe a modelVersion. */
function plainText(chunk: GenerateContentResponseInit): string | undefined {
  const candidates = chunk.candidates;
  if (candidates?.length !== 1 || !hasOnly(chunk, 'candidates', 'modelVersion')) return undefined;
  const candidate = candidates[0];
  if (!candidate || !hasOnly(candidate, 'content')) return undefined;
  const content = candidate.content;
  if (
    content?.role !== 'model' ||
    content.parts?.length !== 1 ||
    !hasOnly(content, 'role', 'parts')
  ) {
    return undefined;
  }
  const part = content.parts[0];
  if (typeof part?.text !== 'string' || !hasOnly(part, 'text')) return undefined;
  return part.text;
}

/** No field but these two is set (an undefined field counts as unset, as in JSON). */
function hasOnly(value: object, key: string, other?: string): boolean {
  for (const name in value) {
    if (name !== key && name !== other && (value as Record<string, unknown>)[name] !== undefined) {
      return false;
    }
  }
  return true;
}
