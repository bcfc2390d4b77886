/** Splits text into words with their trailing whitespace: how the fakes stream by default. */
export function splitWords(text: string): string[] {
  return text.match(/\s*\S+\s*|\s+/gu) ?? [];
}

/** Splits text into `count` contiguous pieces of nearly equal length, never inside a code point. */
function splitEvenly(text: string, count: number): string[] {
  const codePoints = Array.from(text);
  if (!Number.isInteger(count) || count < 1 || count > codePoints.length) {
    throw new RangeError(
      `chunks: ${count} needs an integer between 1 and the text's length (${codePoints.length} code points)`,
    );
  }
  const pieces: string[] = [];
  const base = Math.floor(codePoints.length / count);
  const longer = codePoints.length % count;
  let start = 0;
  for (let index = 0; index < count; index++) {
    const size = base + (index < longer ? 1 : 0);
    pieces.push(codePoints.slice(start, start + size).join(''));
    start += size;
  }
  return pieces;
}

/** The streamed pieces of a text reply. */
export function streamPieces(
  text: string,
  chunks: readonly string[] | number | undefined,
): string[] {
  if (chunks === undefined) return splitWords(text);
  if (typeof chunks === 'number') return splitEvenly(text, chunks);
  return [...chunks];
}

/** Splits a string into pieces of at most `size` code points (function-call argument fragments). */
export function splitFixed(text: string, size: number): string[] {
  const codePoints = Array.from(text);
  const pieces: string[] = [];
  for (let start = 0; start < codePoints.length; start += size) {
    pieces.push(codePoints.slice(start, start + size).join(''));
  }
  return pieces;
}
