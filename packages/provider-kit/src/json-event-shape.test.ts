import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonEventShape, type StringAt } from './json-event-shape';
import { stringAt } from './test-utils/string-at';

// A Gemini event as the API spaces it (a space after each colon, none after commas).
const gemini = (text: string, usage = 12) =>
  `{"candidates": [{"content": {"parts": [{"text": ${JSON.stringify(text)}}],"role": "model"}}],"usageMetadata": {"promptTokenCount": ${usage},"promptTokensDetails": [{"modality": "TEXT","tokenCount": ${usage}}],"totalTokenCount": ${usage}},"modelVersion": "gemini-2.0-flash","responseId": "otSfaMfSOu3xn9kP5pnMyQ4"}`;
const geminiText = stringAt(['candidates', 0, 'content', 'parts', 0, 'text']);

// An OpenAI chunk with two varying strings: the delta and the obfuscation padding.
const openai = (content: string, obfuscation: string) =>
  `{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1750000000,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"logprobs":null,"finish_reason":null}],"usage":null,"obfuscation":${JSON.stringify(obfuscation)}}`;
const openaiHoles = [stringAt(['choices', 0, 'delta', 'content']), stringAt(['obfuscation'])];

/**
 * Checks the promise `read` makes for one event: JSON.parse's value, or undefined (always
 * undefined when JSON.parse refuses the event). Returns what `read` gave.
 */
function readAgreesWithParse(shape: JsonEventShape, event: string): unknown {
  const read = shape.read(event);
  let parsed: unknown;
  try {
    parsed = JSON.parse(event);
  } catch {
    expect(read).toBeUndefined();
    return read;
  }
  if (read !== undefined) expect(read).toStrictEqual(parsed);
  return read;
}

function learn(data: string, holes: StringAt[]): JsonEventShape {
  const shape = JsonEventShape.learn(data, JSON.parse(data), holes);
  if (!(shape instanceof JsonEventShape)) throw new Error(`not learned: ${String(shape)}`);
  return shape;
}

describe('JsonEventShape', () => {
  it('reads an event that differs only in its text, as JSON.parse would', () => {
    const shape = learn(gemini('Rain'), [geminiText]);
    for (const text of [
      ' lashed against',
      '',
      'say "hi"\n\ttab',
      'é ☃ 😀',
      'back\\slash',
      '\u2028',
    ]) {
      const data = gemini(text);
      expect(shape.read(data)).toStrictEqual(JSON.parse(data));
    }
  });

  it('keeps the key order of the parsed event', () => {
    const shape = learn(gemini('a'), [geminiText]);
    const value = shape.read(gemini('b')) as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(Object.keys(JSON.parse(gemini('b'))));
  });

  it('gives a fresh copy every time, sharing nothing with earlier values', () => {
    const shape = learn(gemini('a'), [geminiText]);
    type Event = {
      usageMetadata: { promptTokensDetails: { tokenCount: number }[] };
      candidates: { content: { role: string } }[];
    };
    const one = shape.read(gemini('b')) as Event;
    const two = shape.read(gemini('b'));
    (one.usageMetadata.promptTokensDetails[0] as { tokenCount: number }).tokenCount = 99;
    (one.candidates[0] as { content: { role: string } }).content.role = 'user';
    expect(two).toStrictEqual(JSON.parse(gemini('b')));
  });

  it('reads several holes, whatever their order in the text', () => {
    const shape = learn(openai('Hel', 'xyz'), openaiHoles);
    const data = openai('lo "there"', 'q\\u0041');
    expect(shape.read(data)).toStrictEqual(JSON.parse(data));
    const reversed: StringAt[] = [openaiHoles[1] as StringAt, openaiHoles[0] as StringAt];
    const other = learn(openai('Hel', 'xyz'), reversed);
    expect(other.read(data)).toStrictEqual(JSON.parse(data));
  });

  it('refuses events whose other bytes differ', () => {
    const shape = learn(gemini('a'), [geminiText]);
    expect(shape.read(gemini('b', 13))).toBeUndefined();
    expect(shape.read(`${gemini('b')} `)).toBeUndefined();
    expect(shape.read(gemini('b').slice(0, -1))).toBeUndefined();
    expect(shape.read(gemini('b').replace(': [{"text"', ':[{"text"'))).toBeUndefined();
  });

  it('refuses a hole JSON.parse would refuse', () => {
    const shape = learn(gemini('a'), [geminiText]);
    const raw = (body: string) => gemini('PLACE').replace('PLACE', body);
    expect(() => JSON.parse(raw('tab\there'))).toThrow();
    expect(shape.read(raw('tab\there'))).toBeUndefined();
    expect(shape.read(raw('bad \\x escape'))).toBeUndefined();
    expect(shape.read(raw('\\u12'))).toBeUndefined();
    // An escaped quote does not end the hole; an unescaped one does, and then the rest differs.
    expect(shape.read(raw('a\\"b'))).toStrictEqual(JSON.parse(raw('a\\"b')));
    expect(shape.read(raw('a"b'))).toBeUndefined();
    expect(shape.read(raw('a\\\\"b'))).toBeUndefined();
  });

  it('learns nothing when a hole is missing, ambiguous or escaped differently', () => {
    // No string where the hole reads.
    expect(JsonEventShape.learn('{"a":1}', { a: 1 }, [stringAt(['b'])])).toBeUndefined();
    // The text also occurs elsewhere as a string.
    const twice = '{"role":"model","text":"model"}';
    expect(JsonEventShape.learn(twice, JSON.parse(twice), [stringAt(['text'])])).toBeUndefined();
    // The server escaped it otherwise than JSON.stringify (as Go escapes "<").
    const go = '{"text":"\\u003cb\\u003e"}';
    expect(JsonEventShape.learn(go, JSON.parse(go), [stringAt(['text'])])).toBeUndefined();
    // Not an object.
    expect(JsonEventShape.learn('"x"', 'x', [(v) => v])).toBeUndefined();
  });

  it('is refuted when the only occurrence of the text is not where the hole reads', () => {
    // The hole's own value is escaped unusually, and the same text sits in another key.
    const data = '{"a":"hi","text":"\\u0068i"}';
    expect(JsonEventShape.learn(data, JSON.parse(data), [stringAt(['text'])])).toBe('refuted');
  });

  it('is refuted by a key named __proto__, which a copy could not assign', () => {
    const data = '{"__proto__":{"x":1},"text":"hi"}';
    expect(JsonEventShape.learn(data, JSON.parse(data), [stringAt(['text'])])).toBe('refuted');
  });

  it('is refuted when another string looks like a hole marker', () => {
    const data = '{"a":"\\u00010","text":"hi"}';
    expect(JsonEventShape.learn(data, JSON.parse(data), [stringAt(['text'])])).toBe('refuted');
  });

  it('gives texts that do not keep the network read they came from alive', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = () => {
      gc();
      gc();
      return process.memoryUsage().heapUsed;
    };
    const shape = learn(gemini('a'), [geminiText]);
    const long = 'a sentence of a streamed reply, long enough to be sliced';
    const before = heap();
    const kept: unknown[] = [];
    for (let i = 0; i < 20; i++) {
      // One 1 MiB network read holding the event, as eventsource-parser hands it out: a slice.
      const read = `${'x'.repeat(1 << 20)}${i}\n${gemini(long)}\n`;
      const data = read.slice(read.indexOf('\n') + 1, -1);
      kept.push(shape.read(data));
    }
    const retained = heap() - before;
    expect(
      (kept[19] as { candidates: { content: { parts: { text: string }[] } }[] }).candidates[0]
        ?.content.parts[0]?.text,
    ).toBe(long);
    // 20 MiB if each text still pointed into its read.
    expect(retained).toBeLessThan(4 * 1024 * 1024);
  });

  // The promise `read` makes: whatever the text, it gives JSON.parse's value or nothing.
  describe('property: read(data) is JSON.parse(data) or undefined', () => {
    const text = fc.string({ unit: 'binary', maxLength: 20 });
    const events = fc.record({
      meta: fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), {
        maxKeys: 4,
      }),
      first: text,
      next: fc.array(text, { minLength: 1, maxLength: 5 }),
      spaced: fc.boolean(),
    });
    const render = (meta: object, t: string, spaced: boolean) =>
      JSON.stringify({ ...meta, delta: { text: t } }, null, spaced ? 1 : undefined);
    const hole = stringAt(['delta', 'text']);

    it('for events of the learned shape', () => {
      fc.assert(
        fc.property(events, ({ meta, first, next, spaced }) => {
          const data = render(meta, first, spaced);
          const shape = JsonEventShape.learn(data, JSON.parse(data), [hole]);
          if (!(shape instanceof JsonEventShape)) return;
          for (const t of next) {
            const event = render(meta, t, spaced);
            expect(shape.read(event)).toStrictEqual(JSON.parse(event));
          }
        }),
      );
    });

    it("for any raw text between the hole's quotes", () => {
      // Quotes, backslashes, escapes and control characters, raw: not necessarily valid JSON.
      const raw = fc.array(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 3 }),
          fc.constantFrom('"', '\\', '\\"', '\\\\', '\\u00', '\\u0041', '\\n', '\n', '\u0000', '}'),
        ),
        { maxLength: 6 },
      );
      fc.assert(
        fc.property(events, raw, (e, pieces) => {
          const data = render(e.meta, 'HOLE', e.spaced);
          const shape = JsonEventShape.learn(data, JSON.parse(data), [hole]);
          if (!(shape instanceof JsonEventShape)) return;
          const event = data.replace('"HOLE"', `"${pieces.join('')}"`);
          const read = readAgreesWithParse(shape, event);
          // A valid JSON string body is always read (the shape is not just a slow parse).
          let body = true;
          try {
            JSON.parse(`"${pieces.join('')}"`);
          } catch {
            body = false;
          }
          if (body && data.indexOf('"HOLE"') === data.lastIndexOf('"HOLE"'))
            expect(read).toBeDefined();
        }),
        { numRuns: 1000 },
      );
    });

    it('for any edit of such an event', () => {
      const edit = fc.record({
        at: fc.nat(),
        remove: fc.nat({ max: 3 }),
        insert: fc.string({ unit: 'binary', maxLength: 3 }),
      });
      fc.assert(
        fc.property(events, fc.array(edit, { minLength: 1, maxLength: 3 }), (e, edits) => {
          const data = render(e.meta, e.first, e.spaced);
          const shape = JsonEventShape.learn(data, JSON.parse(data), [hole]);
          if (!(shape instanceof JsonEventShape)) return;
          let event = render(e.meta, e.next[0] as string, e.spaced);
          for (const { at, remove, insert } of edits) {
            const i = at % (event.length + 1);
            event = event.slice(0, i) + insert + event.slice(i + remove);
          }
          readAgreesWithParse(shape, event);
        }),
        { numRuns: 500 },
      );
    });
  });
});
