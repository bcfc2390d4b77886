import { InvalidResponseError } from '@colloquy/chat-core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { JsonEventReader } from './json-event-reader';
import { stringAt } from './test-utils/string-at';

const content = stringAt(['choices', 0, 'delta', 'content']);
const obfuscation = stringAt(['obfuscation']);
const chunk = (delta: object, finish: string | null = null, pad = 'abc') =>
  JSON.stringify({
    id: 'chatcmpl-1',
    object: 'chat.completion.chunk',
    model: 'gpt-4o-mini',
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    usage: null,
    obfuscation: pad,
  });

/** A reply as OpenAI streams it: a role event, text deltas, a finish event, usage. */
function reply(texts: string[]): string[] {
  return [
    chunk({ role: 'assistant', content: '', refusal: null }),
    ...texts.map((text, i) => chunk({ content: text }, null, 'x'.repeat(i % 7))),
    chunk({}, 'stop'),
    JSON.stringify({ id: 'chatcmpl-1', choices: [], usage: { total_tokens: 9 } }),
  ];
}

const words = (n: number) => Array.from({ length: n }, (_, i) => `word${i % 13} `);

afterEach(() => {
  vi.restoreAllMocks();
});

describe('JsonEventReader', () => {
  it('gives every event the value JSON.parse gives', () => {
    const reader = new JsonEventReader('openai', [content, obfuscation]);
    for (const data of reply([...words(20), 'quote " and \\ and é', ''])) {
      expect(reader.read(data)).toStrictEqual(JSON.parse(data));
    }
  });

  it('parses only the events of a new shape', () => {
    const reader = new JsonEventReader('openai', [content, obfuscation]);
    const events = reply(words(200));
    const parse = vi.spyOn(JSON, 'parse');
    for (const data of events) reader.read(data);
    // The role event, the first text event (parse and check), the finish, the usage.
    expect(parse.mock.calls.length).toBeLessThanOrEqual(8);
    expect(parse.mock.calls.length).toBeGreaterThan(0);
  });

  it('bounds the cost of events that alternate between two shapes', () => {
    const reader = new JsonEventReader('openai', [content, obfuscation]);
    const events: string[] = [];
    for (let i = 0; i < 100; i++) {
      events.push(chunk({ content: `a${i}` }), chunk({ reasoning_content: `r${i}` }));
    }
    const parse = vi.spyOn(JSON, 'parse');
    for (const data of events) expect(reader.read(data)).toStrictEqual(JSON.parse(data));
    // The assertions' own parses are 200; reading costs at most 1.5 parses per event.
    expect(parse.mock.calls.length - 200).toBeLessThanOrEqual(300);
  });

  it('learns rarely from a stream whose every event differs outside the holes', () => {
    const reader = new JsonEventReader('openai', [content, obfuscation]);
    const events = Array.from({ length: 1024 }, (_, i) =>
      JSON.stringify({ choices: [{ delta: { content: `w${i}` } }], usage: { tokens: i } }),
    );
    const parse = vi.spyOn(JSON, 'parse');
    for (const data of events) reader.read(data);
    // Each event is parsed once; learning adds a check parse 1 + log2(1024) times.
    expect(parse.mock.calls.length).toBeLessThanOrEqual(1024 + 12);
  });

  it('throws InvalidResponseError for a broken event, before and after learning a shape', () => {
    const reader = new JsonEventReader('openai', [content], ['sk-secret-123456789']);
    expect(() => reader.read('{"choices": [')).toThrow(InvalidResponseError);
    reader.read(chunk({ content: 'a' }));
    reader.read(chunk({ content: 'b' }));
    const broken = chunk({ content: 'c' }).replace('"c"', '"c\u0001 sk-secret-123456789"');
    let error: unknown;
    try {
      reader.read(broken);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(String((error as Error).message)).not.toContain('sk-secret-123456789');
  });

  it('still refuses JSON nested too deeply', () => {
    const reader = new JsonEventReader('openai', [content]);
    reader.read(chunk({ content: 'a' }));
    const deep = chunk({ content: 'b', extra: JSON.parse(`${'['.repeat(300)}${']'.repeat(300)}`) });
    expect(() => reader.read(deep)).toThrow(/nested deeper/);
  });

  it('stops learning in a stream whose holes are always somewhere else', () => {
    // Each event's text also sits, escaped as JSON.stringify would, in another key; the
    // text key itself is escaped differently. Learning is refuted, then given up.
    const hole = stringAt(['text']);
    const reader = new JsonEventReader('x', [hole]);
    const events = Array.from({ length: 50 }, (_, i) => `{"a":"h${i}","text":"\\u0068${i}"}`);
    const parse = vi.spyOn(JSON, 'parse');
    for (const data of events) reader.read(data);
    // One parse per event, plus one check parse for each of the first four.
    expect(parse.mock.calls.length).toBe(54);
  });
});
