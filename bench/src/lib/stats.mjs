// Small statistics helpers: every figure the bench reports is a median with its spread.

/** @param {number[]} values */
function sorted(values) {
  return [...values].sort((a, b) => a - b);
}

/** Linear-interpolated quantile of already sorted values. */
function quantile(sortedValues, q) {
  if (sortedValues.length === 0) return Number.NaN;
  const pos = (sortedValues.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sortedValues[lo];
  const b = sortedValues[hi];
  return a + (b - a) * (pos - lo);
}

/**
 * Median, min, max and quartiles of a sample.
 * @param {number[]} values
 */
export function summarize(values) {
  const s = sorted(values);
  return {
    median: quantile(s, 0.5),
    min: s[0] ?? Number.NaN,
    max: s[s.length - 1] ?? Number.NaN,
    q1: quantile(s, 0.25),
    q3: quantile(s, 0.75),
    n: s.length,
  };
}

/** Milliseconds since an arbitrary origin, sub-microsecond resolution. */
export function now() {
  return performance.now();
}

/** Rounds for display. */
export function round(value, digits = 2) {
  if (!Number.isFinite(value)) return value;
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/**
 * Lets the event loop (and, with `gc`, the heap) settle between measurements. A forced full GC
 * also shrinks the young generation, which makes the next allocation-heavy run pay for
 * growing it again: use it only around measurements that are not allocation-bound.
 */
export function settle(ms = 20, { gc = true } = {}) {
  if (gc) globalThis.gc?.();
  return new Promise((resolve) => setTimeout(resolve, ms));
}
