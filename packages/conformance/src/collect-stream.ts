import type { GenerateContentResponse } from '@colloquy/chat-core';

/** What a consumer saw of a stream: every chunk, the text of each, and how it ended. */
export interface CollectedStream {
  chunks: GenerateContentResponse[];
  /** The text of every chunk that carried text, in order. */
  texts: string[];
  /** The error the iteration threw, if it threw. */
  error?: unknown;
}

/**
 * Reads a stream to its end, keeping an error instead of throwing it. `onChunk` runs after
 * each chunk is recorded, so a case can act mid-stream (abort, say).
 */
export async function collectStream(
  stream: AsyncIterable<GenerateContentResponse> | Iterable<GenerateContentResponse>,
  onChunk?: (chunk: GenerateContentResponse) => void,
): Promise<CollectedStream> {
  const collected: CollectedStream = { chunks: [], texts: [] };
  try {
    for await (const chunk of stream) {
      collected.chunks.push(chunk);
      const text = chunk.text;
      if (text !== undefined && text !== '') collected.texts.push(text);
      onChunk?.(chunk);
    }
  } catch (error) {
    collected.error = error;
  }
  return collected;
}
