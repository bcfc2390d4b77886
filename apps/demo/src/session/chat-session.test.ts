import type { GenerateContentResponse } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import type { ChatTarget } from '../config/chat-target';
import { createDemoTools } from '../tools/create-demo-tools';
import { type ChatMode, ChatSession } from './chat-session';

function mock(script: unknown = [], model = 'mock-1'): ChatTarget {
  return { provider: 'mock', model, options: { script } };
}

async function open(mode: ChatMode, target = mock(), toolsEnabled = false) {
  return ChatSession.open({
    target,
    config: {},
    mode,
    tools: createDemoTools({ onRun: () => {} }),
    toolsEnabled,
  });
}

async function send(session: ChatSession, text: string, stream = true, signal?: AbortSignal) {
  const chunks: GenerateContentResponse[] = [];
  await session.send(text, {
    stream,
    ...(signal ? { signal } : {}),
    onChunk: (chunk) => chunks.push(chunk),
  });
  return chunks.map((chunk) => chunk.text ?? '').join('');
}

describe.each(['async', 'sync'] as const)('ChatSession (%s)', (mode) => {
  it('streams replies and keeps the conversation', async () => {
    const session = await open(mode);
    expect(session.mode).toBe(mode);
    expect(await send(session, 'hello')).toBe('Mock reply 1: you said "hello".');
    expect(await send(session, 'again', false)).toBe('Mock reply 2: you said "again".');
    expect(session.getHistory(true)).toHaveLength(4);
  });

  it('switches provider and model, carrying the turns to the new chat', async () => {
    const session = await open(mode);
    await send(session, 'first');
    await session.switchTo(mock([], 'mock-2'));
    expect(session.target.model).toBe('mock-2');
    // The mock numbers its reply by the user turns it received: the first came along.
    expect(await send(session, 'second')).toBe('Mock reply 2: you said "second".');
    expect(session.usage.entries().map(([key]) => key)).toEqual(['mock/mock-1', 'mock/mock-2']);
  });

  it('keeps the current chat when a switch fails', async () => {
    const session = await open(mode);
    await send(session, 'first');
    await expect(
      session.switchTo({ provider: 'gemini', model: 'gemini-2.5-flash', options: {} }),
    ).rejects.toThrow(/No API key for gemini/);
    expect(session.target.provider).toBe('mock');
    expect(await send(session, 'second')).toBe('Mock reply 2: you said "second".');
  });

  it('sends the tools only while they are on', async () => {
    const session = await open(mode);
    expect(await send(session, 'calculate 1+1')).toBe('Mock reply 1: you said "calculate 1+1".');
    session.toolsEnabled = true;
    expect(await send(session, 'calculate 1+1')).toBe(
      'Mock reply 2: calculate returned {"result":2}.',
    );
  });

  it('tallies usage per request and clears it with the history on reset', async () => {
    const session = await open(mode);
    await send(session, 'one two');
    expect(session.usage.total()).toEqual({
      requests: 1,
      promptTokens: 2,
      replyTokens: 7,
      thoughtTokens: 0,
      totalTokens: 9,
    });
    session.reset();
    expect(session.getTurns()).toEqual([]);
    expect(session.usage.entries()).toEqual([]);
    expect(await send(session, 'fresh')).toBe('Mock reply 1: you said "fresh".');
  });
});

describe('ChatSession abort', () => {
  it('records a reply aborted through the signal as interrupted (async)', async () => {
    const session = await open('async', mock({ chunkDelayMs: 5 }));
    const controller = new AbortController();
    const chunks: string[] = [];
    await expect(
      session.send('tell me everything', {
        stream: true,
        signal: controller.signal,
        onChunk: (chunk) => {
          chunks.push(chunk.text ?? '');
          controller.abort();
        },
      }),
    ).rejects.toMatchObject({ name: 'AbortError' });
    expect(chunks).toEqual(['Mock ']);
    const [turn] = session.getTurns();
    expect(turn?.status).toBe('interrupted');
    expect(turn?.contents[1]).toEqual({ role: 'model', parts: [{ text: 'Mock ' }] });
    expect(session.getHistory(true)).toEqual([]);
  });
});

describe('ChatSession restore', () => {
  it('restores turn records exactly, interrupted ones staying out of the curated history', async () => {
    const session = await open(
      'async',
      mock([{ text: 'fine' }, { text: 'cut off here', failAfterChunks: 1 }]),
    );
    await send(session, 'one');
    await expect(send(session, 'two')).rejects.toThrow();
    const turns = session.getTurns();
    expect(turns.map((turn) => turn.status)).toEqual(['complete', 'interrupted']);

    const restored = await open('sync');
    await restored.restore(mock([], 'mock-9'), { turns }, { temperature: 0.5 });
    expect(restored.getTurns()).toEqual(turns);
    expect(restored.getHistory(true)).toEqual(session.getHistory(true));
    expect(restored.config).toEqual({ temperature: 0.5 });
    expect(restored.target.model).toBe('mock-9');
  });

  it('curates a plain history by chat-core’s rules', async () => {
    const session = await open('async');
    await session.restore(
      mock(),
      {
        history: [
          { role: 'user', parts: [{ text: 'q' }] },
          { role: 'model', parts: [{ text: 'a' }] },
        ],
      },
      {},
    );
    expect(session.getTurns().map((turn) => turn.status)).toEqual(['history']);
    expect(session.getHistory(true)).toHaveLength(2);
    expect(await send(session, 'next')).toBe('Mock reply 2: you said "next".');
  });
});
