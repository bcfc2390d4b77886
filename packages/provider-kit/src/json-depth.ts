/** Deeper JSON than this is refused: later recursive code (conversion, cloning) would overflow. */
export const MAX_JSON_DEPTH = 256;

/**
 * Whether JSON text nests deeper than `maxDepth`. Scans the text once, skipping strings; text
 * too short to reach the depth is not scanned at all, which keeps small stream events cheap.
 */
export function exceedsJsonDepth(text: string, maxDepth: number = MAX_JSON_DEPTH): boolean {
  if (text.length <= maxDepth * 2) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92 /* \ */) i++;
      else if (c === 34 /* " */) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 /* { */ || c === 91 /* [ */) {
      if (++depth > maxDepth) return true;
    } else if (c === 125 /* } */ || c === 93 /* ] */) depth--;
  }
  return false;
}
