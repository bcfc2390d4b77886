/** Splits text into words with their trailing whitespace: how the fakes stream by default. */
export function splitWords(text: string): string[] {
  return text.match(/\s*\S+\s*|\s+/gu) ?? [];
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
