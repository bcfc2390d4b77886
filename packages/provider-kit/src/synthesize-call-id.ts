// cyrb53: a fast, well-mixed 53-bit string hash; deterministic in every runtime.
function hash53(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A stable id for a function call the provider sent without one (Gemini often does): the same
 * turn, part and name always give the same id, so a replayed history matches its responses.
 */
export function synthesizeCallId(args: {
  turnIndex: number;
  partIndex: number;
  name: string;
}): string {
  const { turnIndex, partIndex, name } = args;
  return `call_${hash53(`${turnIndex}:${partIndex}:${name}`).toString(36).padStart(11, '0')}`;
}
