import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { readCorpus } from './read-corpus';

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

/** A corpus folder with the given files, as the URL readCorpus takes. */
function corpusOf(files: Record<string, string>): URL {
  const folder = mkdtempSync(join(tmpdir(), 'corpus-'));
  folders.push(folder);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
  return pathToFileURL(`${folder}/`);
}

const turn = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ source: 'docs', license: 'Apache-2.0', turn: null, ...extra });

describe('readCorpus', () => {
  it('frames one-data-per-line streams as SSE and sends raw SSE text as it is', () => {
    const raw = 'event: message_stop\ndata: {"type":"message_stop"}\n';
    const corpus = readCorpus(
      corpusOf({
        'a.chunks.txt': '{"n":1}\n\n{"n":2}\n',
        'a.turn.json': turn(),
        'b.chunks.txt': raw,
        'b.turn.json': turn({ message: 'Hi' }),
      }),
    );
    expect(corpus.map(({ name, mode, message }) => ({ name, mode, message }))).toEqual([
      { name: 'a', mode: 'stream', message: 'Hello' },
      { name: 'b', mode: 'stream', message: 'Hi' },
    ]);
    expect(corpus[0]?.replies[0]?.recorded).toEqual({
      status: 200,
      contentType: 'text/event-stream',
      body: 'data: {"n":1}\n\ndata: {"n":2}\n\n',
    });
    expect(corpus[1]?.replies[0]?.recorded.body).toBe(`${raw}\n`);
  });

  it('serves a JSON body with its status, and rounds from other cases in order', () => {
    const corpus = readCorpus(
      corpusOf({
        'call.json': '{"call":1}',
        'call.turn.json': turn({ status: 429, error: 'RateLimitError' }),
        'rounds.turn.json': turn({ rounds: ['call.json', 'answer.json'], handlers: { f: 1 } }),
        'answer.json': '{"answer":1}',
      }),
    );
    const [call, rounds] = corpus;
    expect(call?.replies).toEqual([
      { recorded: { status: 429, contentType: 'application/json', body: '{"call":1}' } },
    ]);
    expect(call?.error).toBe('RateLimitError');
    expect(rounds?.mode).toBe('send');
    expect(rounds?.replies.map((reply) => reply.recorded.body)).toEqual([
      '{"call":1}',
      '{"answer":1}',
    ]);
    expect(rounds?.handlers).toEqual({ f: 1 });
  });

  it('refuses rounds that mix streams and bodies', () => {
    const folder = corpusOf({
      'a.json': '{}',
      'b.chunks.txt': '{}\n',
      'mixed.turn.json': turn({ rounds: ['a.json', 'b.chunks.txt'] }),
    });
    expect(() => readCorpus(folder)).toThrow(/mixed: its rounds mix streams and bodies/);
  });
});
