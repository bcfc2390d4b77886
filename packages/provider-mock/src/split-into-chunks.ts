/**
 * Splits text into word-sized stream chunks whose concatenation is the text: each chunk is a
 * word with the whitespace around it ('hi there' → ['hi ', 'there']). Text with no word is
 * one chunk, so an empty reply still streams once.
 */
export function splitIntoChunks(text: string): string[] {
  const words = text.match(/\s*\S+\s*/g);
  return words ?? [text];
}
