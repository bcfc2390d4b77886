import type { Attempt } from './attempt';

/**
 * Reads a body as UTF-8 text, counting bytes as they arrive. Past `maxBytes` it cancels the
 * body and returns what it has with `truncated: true`, so a huge body is never buffered. When
 * the attempt aborts (timeout, caller), the read is cancelled and this rejects.
 */
export async function readBodyText(
  response: Response,
  maxBytes: number,
  attempt: Attempt,
): Promise<{ text: string; truncated: boolean }> {
  const body = response.body;
  if (!body) {
    // Response-like objects from test doubles may lack a stream.
    const text = typeof response.text === 'function' ? await response.text() : '';
    return text.length > maxBytes
      ? { text: text.slice(0, maxBytes), truncated: true }
      : { text, truncated: false };
  }
  const reader = body.getReader();
  // A fetch that ignores its signal would leave the read pending forever; cancel it ourselves.
  attempt.onAbort = () => {
    reader.cancel().catch(() => {});
  };
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    for (;;) {
      if (attempt.cause !== undefined) throw new Error('The attempt was aborted.');
      const { done, value } = await reader.read();
      if (attempt.cause !== undefined) throw new Error('The attempt was aborted.');
      if (done) break;
      bytes += value.byteLength;
      if (bytes > maxBytes) {
        const keep = value.byteLength - (bytes - maxBytes);
        text += decoder.decode(value.subarray(0, keep), { stream: true });
        await reader.cancel().catch(() => {});
        return { text: text + decoder.decode(), truncated: true };
      }
      text += decoder.decode(value, { stream: true });
    }
    return { text: text + decoder.decode(), truncated: false };
  } catch (error) {
    reader.cancel().catch(() => {});
    throw error;
  } finally {
    attempt.onAbort = undefined;
    reader.releaseLock();
  }
}
