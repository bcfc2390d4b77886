import type { TurnRecord } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { DemoError } from '../demo-error';
import { createSessionFile, parseSessionFile, SESSION_FORMAT } from './session-file';

const turns: TurnRecord[] = [
  {
    status: 'complete',
    contents: [
      { role: 'user', parts: [{ text: 'hi' }] },
      { role: 'model', parts: [{ text: 'hello' }] },
    ],
  },
  {
    status: 'interrupted',
    reason: 'AbortError: aborted',
    contents: [
      { role: 'user', parts: [{ text: 'story?' }] },
      { role: 'model', parts: [{ text: 'Once' }] },
    ],
  },
];
const history = turns.flatMap((turn) => turn.contents);

function saved(overrides: Record<string, unknown> = {}): string {
  return JSON.stringify({
    ...createSessionFile({
      target: {
        provider: 'openai',
        model: 'gpt-4o-mini',
        options: { apiKey: 'sk-secret', baseUrl: 'http://localhost:11434/v1', headers: { a: 'b' } },
      },
      config: { temperature: 0.2, httpOptions: { timeout: 1000, headers: { authorization: 'x' } } },
      tools: true,
      history,
      turns,
      now: new Date('2025-01-02T03:04:05Z'),
    }),
    ...overrides,
  });
}

describe('createSessionFile', () => {
  it('holds the provider, model, settings, history and turn records, but no credential', () => {
    const file = JSON.parse(saved());
    expect(file).toEqual({
      format: SESSION_FORMAT,
      version: 1,
      savedAt: '2025-01-02T03:04:05.000Z',
      provider: 'openai',
      model: 'gpt-4o-mini',
      options: { baseUrl: 'http://localhost:11434/v1' },
      config: { temperature: 0.2, httpOptions: { timeout: 1000 } },
      tools: true,
      history,
      turns,
    });
    expect(saved()).not.toContain('sk-secret');
  });
});

describe('parseSessionFile', () => {
  it('round-trips what createSessionFile wrote, turn records included', () => {
    expect(parseSessionFile(saved(), 's.json')).toEqual({
      target: {
        provider: 'openai',
        model: 'gpt-4o-mini',
        options: { baseUrl: 'http://localhost:11434/v1' },
      },
      config: { temperature: 0.2, httpOptions: { timeout: 1000 } },
      tools: true,
      history: { turns },
    });
  });

  it('falls back to the plain history when a file has no turn records', () => {
    const loaded = parseSessionFile(saved({ turns: undefined }), 's.json');
    expect(loaded.history).toEqual({ history });
  });

  it.each([
    ['not json', 's.json is not valid JSON'],
    [
      JSON.stringify({ format: 'other' }),
      's.json is not a session the demo can load: format: expected "colloquy-demo-session"',
    ],
    [saved({ version: 2 }), 'version: expected 1: this session was saved by a newer demo'],
    [
      saved({ turns: [{ status: 'done', contents: [] }] }),
      'turns.0.status: a status must be history',
    ],
    [
      saved({ turns: [{ status: 'complete', contents: [{ role: 'assistant', parts: [] }] }] }),
      'turns.0.contents.0.role: a role must be "user" or "model"',
    ],
    [saved({ turns: undefined, history: undefined }), 's.json holds neither "turns" nor "history"'],
  ])('explains what is wrong with %j', (text, message) => {
    expect(() => parseSessionFile(text, 's.json')).toThrow(DemoError);
    expect(() => parseSessionFile(text, 's.json')).toThrow(message);
  });
});
