import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Content } from '../types/content';
import { extractCuratedHistory } from './extract-curated-history';
import { isValidContent } from './is-valid-content';

const part = fc.oneof(
  { weight: 6, arbitrary: fc.string({ maxLength: 4 }).map((text) => ({ text })) },
  { weight: 1, arbitrary: fc.constant({}) },
);
const content: fc.Arbitrary<Content> = fc.record({
  role: fc.constantFrom('user' as const, 'model' as const),
  parts: fc.array(part, { maxLength: 3 }),
});
const history = fc.array(content, { maxLength: 30 });

function isSubsequence(sub: readonly Content[], of: readonly Content[]): boolean {
  let j = 0;
  for (const item of of) if (j < sub.length && sub[j] === item) j += 1;
  return j === sub.length;
}

describe('extractCuratedHistory (rule 3) invariants', () => {
  it('curated is an ordered subsequence of comprehensive', () => {
    fc.assert(fc.property(history, (h) => isSubsequence(extractCuratedHistory(h), h)));
  });

  it('every model turn kept is valid, and never stands without a user turn before its run', () => {
    fc.assert(
      fc.property(history, (h) => {
        const curated = extractCuratedHistory(h);
        for (let i = 0; i < curated.length; i += 1) {
          const c = curated[i] as Content;
          if (c.role !== 'model') continue;
          expect(isValidContent(c)).toBe(true);
          // Walk back over the model run: it must start after a user turn, unless the
          // history itself opens with model turns.
          let k = i;
          while (k > 0 && (curated[k - 1] as Content).role === 'model') k -= 1;
          if (k > 0) expect((curated[k - 1] as Content).role).toBe('user');
          else
            expect(h.indexOf(curated[k] as Content)).toBeLessThanOrEqual(
              h.findIndex((x) => x.role === 'user') === -1
                ? Number.POSITIVE_INFINITY
                : h.findIndex((x) => x.role === 'user'),
            );
        }
      }),
    );
  });

  it('an invalid model run removes the user turn right before it', () => {
    fc.assert(
      fc.property(history, (h) => {
        const curated = new Set(extractCuratedHistory(h));
        for (let i = 1; i < h.length; i += 1) {
          const c = h[i] as Content;
          const before = h[i - 1] as Content;
          if (c.role === 'model' && before.role === 'user' && !isValidContent(c)) {
            expect(curated.has(before)).toBe(false);
            expect(curated.has(c)).toBe(false);
          }
        }
      }),
    );
  });

  it('curating twice changes nothing', () => {
    fc.assert(
      fc.property(history, (h) => {
        const once = extractCuratedHistory(h);
        expect(extractCuratedHistory(once)).toEqual(once);
      }),
    );
  });

  it('a history of valid alternating turns is kept whole', () => {
    const turn = fc.string({ maxLength: 5 });
    fc.assert(
      fc.property(fc.array(fc.tuple(turn, turn), { maxLength: 20 }), (pairs) => {
        const h: Content[] = pairs.flatMap(([a, b]) => [
          { role: 'user' as const, parts: [{ text: a }] },
          { role: 'model' as const, parts: [{ text: b }] },
        ]);
        expect(extractCuratedHistory(h)).toEqual(h);
      }),
    );
  });
});
