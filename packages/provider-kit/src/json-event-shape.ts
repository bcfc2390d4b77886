/** Reads one string of a parsed event (an object): the text of a delta, say. */
export type StringAt = (event: object) => unknown;

type Container = Record<string, unknown> | unknown[];

/** How to copy one object or array of the learned event, with its holes filled in. */
interface CopyPlan {
  source: Container;
  /** Keys of the nested objects and arrays, and their plans. */
  childKeys: (string | number)[];
  children: CopyPlan[];
  /** Keys holding a hole, and the index of the hole's value. */
  holeKeys: (string | number)[];
  holes: number[];
}

// The check parse puts `\u0001<n>` in hole n. A string elsewhere in the event that looks like
// a marker makes the count of markers wrong, and learning is refused (see planCopy).
const MARK = '\u0001';

/**
 * The JSON text of one stream event with its varying strings cut out: the text of a delta,
 * and in OpenAI's case the random `obfuscation` padding. A provider repeats everything else
 * (ids, model, usage so far, key order, spacing) from event to event, so most events of a
 * reply match the shape, and `read` gives their value without `JSON.parse`: a few string
 * comparisons and a copy of the learned value, a fraction of a parse.
 *
 * `read` never guesses. An event matches only when its text equals the learned bytes
 * outside the holes, and each hole holds one valid JSON string; JSON.parse would then give
 * exactly the learned value with those strings in place, so that is what `read` returns (a
 * fresh copy, with the same key order). Anything else returns `undefined`, and the caller
 * parses the event as usual.
 */
export class JsonEventShape {
  /** Literal text before hole 0, between the holes (each from a closing quote), and after. */
  readonly #segments: string[];
  /** For the k-th hole in text order, the index of its `StringAt`. */
  readonly #order: number[];
  readonly #plan: CopyPlan;
  readonly #holeCount: number;

  private constructor(segments: string[], order: number[], plan: CopyPlan, holeCount: number) {
    this.#segments = segments;
    this.#order = order;
    this.#plan = plan;
    this.#holeCount = holeCount;
  }

  /**
   * Learns the shape of an event from its text and its parsed value. `holes` read the
   * strings that vary between events; a hole that finds no string is left out. Returns
   * `undefined` when no hole was found, or a hole's string cannot be told apart in the text
   * (it occurs twice, or the server escaped it differently from `JSON.stringify`), and
   * `'refuted'` when a check parse showed a hole elsewhere than where its `StringAt` reads.
   */
  static learn(
    data: string,
    value: unknown,
    holes: readonly StringAt[],
  ): JsonEventShape | 'refuted' | undefined {
    if (value === null || typeof value !== 'object') return undefined;
    const found: { start: number; end: number; hole: number }[] = [];
    for (let hole = 0; hole < holes.length; hole++) {
      const text = (holes[hole] as StringAt)(value);
      if (typeof text !== 'string') continue;
      const quoted = JSON.stringify(text);
      const at = data.indexOf(quoted);
      if (at < 0 || data.indexOf(quoted, at + 1) >= 0) return undefined;
      found.push({ start: at + 1, end: at + quoted.length - 1, hole });
    }
    if (found.length === 0) return undefined;
    found.sort((a, b) => a.start - b.start);

    const segments: string[] = [];
    let probe = '';
    let from = 0;
    for (let k = 0; k < found.length; k++) {
      const { start, end } = found[k] as (typeof found)[number];
      if (start <= from) return undefined;
      const segment = detach(data.slice(from, start));
      segments.push(segment);
      probe += `${segment}\\u0001${k}`;
      from = end;
    }
    const last = detach(data.slice(from));
    segments.push(last);
    probe += last;

    // Check that each hole is where its StringAt reads, and nowhere else: parse the event
    // with a marker in every hole and read the markers back.
    let marked: unknown;
    try {
      marked = JSON.parse(probe);
    } catch {
      return 'refuted';
    }
    if (marked === null || typeof marked !== 'object') return 'refuted';
    const order = found.map((f) => f.hole);
    for (let k = 0; k < found.length; k++) {
      if ((holes[order[k] as number] as StringAt)(marked) !== `${MARK}${k}`) return 'refuted';
    }
    const counter = { holes: 0 };
    const plan = planCopy(marked as Container, order, counter);
    if (plan === undefined || counter.holes !== found.length) return 'refuted';
    return new JsonEventShape(segments, order, plan, holes.length);
  }

  /** The value of an event of this shape (as JSON.parse would give it), or `undefined`. */
  read(data: string): unknown {
    const segments = this.#segments;
    const first = segments[0] as string;
    // `slice` and `===` rather than `startsWith`: V8 compares those a word at a time, and
    // startsWith a character at a time, which costs more than the parse saved on long events.
    if (data.slice(0, first.length) !== first) return undefined;
    const values: unknown[] = new Array(this.#holeCount);
    let at = first.length;
    for (let k = 0; k < this.#order.length; k++) {
      const end = closingQuote(data, at);
      if (end < 0) return undefined;
      const text = stringBetween(data, at, end);
      if (text === undefined) return undefined;
      values[this.#order[k] as number] = text;
      const segment = segments[k + 1] as string;
      at = end + segment.length;
      if (data.slice(end, at) !== segment) return undefined;
    }
    return at === data.length ? copyWith(this.#plan, values) : undefined;
  }
}

/** Where the JSON string starting at `from` (after its opening quote) closes, or -1. */
function closingQuote(data: string, from: number): number {
  for (let i = from; i < data.length; i++) {
    const c = data.charCodeAt(i);
    if (c === 34 /* " */) return i;
    if (c === 92 /* \ */) i++;
  }
  return -1;
}

/** The string a JSON string body decodes to, or `undefined` when JSON.parse would refuse it. */
function stringBetween(data: string, start: number, end: number): string | undefined {
  let escaped = false;
  for (let i = start; i < end; i++) {
    const c = data.charCodeAt(i);
    if (c < 32) return undefined;
    if (c === 92) escaped = true;
  }
  if (!escaped) return detach(data.slice(start, end));
  try {
    return JSON.parse(data.slice(start - 1, end + 1)) as string;
  } catch {
    return undefined;
  }
}

/**
 * A copy of a slice that does not keep the string it was cut from alive. V8 makes a slice of
 * 13 or more characters a view into its parent, here the whole network read; a text kept in
 * a chunk or in history would hold all of it (JSON.parse gives fresh strings). Appending a
 * character and cutting it off again makes V8 copy just the text, for much less than a parse.
 */
function detach(text: string): string {
  return text.length < 13 ? text : `${text} `.slice(0, -1);
}

/**
 * The copy plan of a learned value with markers in its holes. `undefined` for a key named
 * `__proto__` anywhere: a plain assignment of it would set a prototype, so such events are
 * always parsed.
 */
function planCopy(
  source: Container,
  order: number[],
  counter: { holes: number },
): CopyPlan | undefined {
  const plan: CopyPlan = { source, childKeys: [], children: [], holeKeys: [], holes: [] };
  const keys: (string | number)[] = Array.isArray(source)
    ? source.map((_, i) => i)
    : Object.keys(source);
  for (const key of keys) {
    if (key === '__proto__') return undefined;
    const item = (source as Record<string | number, unknown>)[key];
    if (typeof item === 'string') {
      if (item.charCodeAt(0) !== 1) continue;
      const k = Number(item.slice(1));
      if (item !== `${MARK}${k}` || k >= order.length) return undefined;
      plan.holeKeys.push(key);
      plan.holes.push(order[k] as number);
      counter.holes++;
    } else if (item !== null && typeof item === 'object') {
      const child = planCopy(item as Container, order, counter);
      if (child === undefined) return undefined;
      plan.childKeys.push(key);
      plan.children.push(child);
    }
  }
  return plan;
}

function copyWith(plan: CopyPlan, values: unknown[]): Container {
  const out: Record<string | number, unknown> = Array.isArray(plan.source)
    ? (plan.source.slice() as unknown as Record<number, unknown>)
    : { ...plan.source };
  for (let i = 0; i < plan.children.length; i++) {
    out[plan.childKeys[i] as string] = copyWith(plan.children[i] as CopyPlan, values);
  }
  for (let i = 0; i < plan.holes.length; i++) {
    out[plan.holeKeys[i] as string] = values[plan.holes[i] as number];
  }
  return out as Container;
}
