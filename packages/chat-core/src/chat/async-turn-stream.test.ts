import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chunksOf,
  type ScriptStep,
  scriptedModels,
  textReply,
} from '../test-utils/scripted-models';
import { functionTool } from '../tools/function-tool';
import type { GenerateContentConfig } from '../types/generate-content-config';
import {
  GenerateContentResponse,
  type GenerateContentResponseInit,
} from '../types/generate-content-response';
import type { AsyncModels } from '../types/models';
import { AsyncChats, Chats } from './chats';

const chunk = (text: string): GenerateContentResponseInit => ({
  candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0 }],
});

// The async stream mirrors the blocking one: the same sends must give the same chunks, the
// same errors and the same recorded history through `AsyncChat` and through `Chat`.
const divide = functionTool({
  name: 'divide',
  description: 'Divides two numbers',
  parametersJsonSchema: { type: 'object', properties: { a: { type: 'number' } } },
  handler: ({ a }) => (a as number) / 2,
});
const config: GenerateContentConfig = { tools: [divide] };

const kinds = fc.constantFrom('stream', 'stream-fail', 'stream-nofinish', 'call', 'empty', 'fail');

function stepsFor(kind: string, i: number): ScriptStep[] {
  switch (kind) {
    case 'stream':
      return [{ chunks: chunksOf(`s${i}`, ' and', ' more') }];
    case 'stream-fail':
      return [{ chunks: chunksOf(`p${i}`, '?', '!'), failAfter: 2 }];
    case 'stream-nofinish':
      return [{ chunks: [chunk(`n${i}`), chunk('.')] }];
    case 'call':
      return [
        {
          chunks: [
            {
              candidates: [
                {
                  content: {
                    role: 'model',
                    parts: [{ functionCall: { name: 'divide', args: { a: i } } }],
                  },
                  finishReason: 'STOP',
                  index: 0,
                },
              ],
            },
          ],
        },
        { chunks: chunksOf(`half of ${i}`) },
      ];
    case 'empty':
      return [{ chunks: [{ candidates: [{ finishReason: 'STOP', index: 0 }] }] }];
    default:
      return [{ error: new Error(`failed ${i}`) }];
  }
}

async function playAsync(models: AsyncModels, sends: Array<[string, number | undefined]>) {
  const chat = new AsyncChats(models).create({ model: 'm', config });
  const outcomes: unknown[] = [];
  for (const [i, [, breakAt]] of sends.entries()) {
    const chunks: unknown[] = [];
    try {
      for await (const c of await chat.sendMessageStream(`q${i}`)) {
        chunks.push(c);
        if (chunks.length === breakAt) break;
      }
      outcomes.push({ chunks });
    } catch (error) {
      outcomes.push({ chunks, error: (error as Error).message });
    }
  }
  return {
    outcomes,
    history: chat.getHistory(),
    curated: chat.getHistory(true),
    turns: chat.getTurns(),
  };
}

function playSync(sends: Array<[string, number | undefined]>, steps: ScriptStep[]) {
  const chat = new Chats(scriptedModels(...steps).sync).create({ model: 'm', config });
  const outcomes: unknown[] = [];
  for (const [i, [, breakAt]] of sends.entries()) {
    const chunks: unknown[] = [];
    try {
      for (const c of chat.sendMessageStream(`q${i}`)) {
        chunks.push(c);
        if (chunks.length === breakAt) break;
      }
      outcomes.push({ chunks });
    } catch (error) {
      outcomes.push({ chunks, error: (error as Error).message });
    }
  }
  return {
    outcomes,
    history: chat.getHistory(),
    curated: chat.getHistory(true),
    turns: chat.getTurns(),
  };
}

describe('AsyncChat streams', () => {
  it('give the same chunks, errors and recorded history as the blocking Chat', async () => {
    const send = fc.tuple(kinds, fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }));
    await fc.assert(
      fc.asyncProperty(fc.array(send, { minLength: 1, maxLength: 8 }), async (sends) => {
        const script = () => sends.flatMap(([kind], i) => stepsFor(kind, i));
        const viaAsync = await playAsync(scriptedModels(...script()).async, sends);
        expect(viaAsync).toEqual(playSync(sends, script()));
      }),
      { numRuns: 200 },
    );
  });

  it('a stream abandoned before its first chunk closes the transport stream and frees the chat', async () => {
    const { models, state } = closingTransport(['a', 'b']);
    const chat = new AsyncChats(models).create({ model: 'm' });
    const stream = await chat.sendMessageStream('first');
    await stream.return(undefined);
    expect(state).toEqual({ sent: 0, closed: true });
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    expect((await chat.sendMessage('second')).text).toBe('next');
    expect(chat.getTurns().map((t) => t.status)).toEqual(['complete']);
  });

  it('a break closes the transport stream, keeps the partial turn as interrupted and frees the chat', async () => {
    const { models, state } = closingTransport(['a', 'b', 'c', 'd']);
    const chat = new AsyncChats(models).create({ model: 'm' });
    const seen: string[] = [];
    for await (const c of await chat.sendMessageStream('q')) {
      seen.push(c.text ?? '');
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['a', 'b']);
    expect(state).toEqual({ sent: 2, closed: true });
    expect(chat.getTurns()).toMatchObject([
      { status: 'interrupted', reason: 'abandoned', contents: [{}, { parts: [{ text: 'ab' }] }] },
    ]);
    expect((await chat.sendMessage('again')).text).toBe('next');
  });
});

/** A transport streaming `texts` (without a finish) and recording whether the stream was closed. */
function closingTransport(texts: string[]) {
  const state = { sent: 0, closed: false };
  const models: AsyncModels = {
    specificationVersion: 'v1',
    generateContent: async () => new GenerateContentResponse(textReply('next')),
    generateContentStream: async () => ({
      [Symbol.asyncIterator]: () => ({
        next: async () =>
          state.sent < texts.length
            ? {
                done: false as const,
                value: new GenerateContentResponse(chunk(texts[state.sent++] as string)),
              }
            : { done: true as const, value: undefined },
        return: async () => {
          state.closed = true;
          return { done: true as const, value: undefined };
        },
      }),
    }),
  };
  return { models, state };
}

describe('AsyncChat stream when a chunk cannot be taken', () => {
  it('rejects, records the partial turn, frees the chat and closes the transport stream', async () => {
    let closed = false;
    let sent = 0;
    const chunks = [
      { candidates: [{ content: { role: 'model' as const, parts: [{ text: 'ok ' }] } }] },
      // A part whose getter throws stands for any chunk the accumulator cannot read.
      {
        candidates: [
          {
            get content(): never {
              throw new Error('unreadable chunk');
            },
          },
        ],
      },
    ];
    const models = {
      specificationVersion: 'v1' as const,
      generateContent: async () => {
        throw new Error('unused');
      },
      generateContentStream: async () => ({
        [Symbol.asyncIterator]: () => ({
          next: async () =>
            sent < chunks.length
              ? { done: false as const, value: chunks[sent++] as never }
              : { done: true as const, value: undefined },
          return: async () => {
            closed = true;
            return { done: true as const, value: undefined };
          },
        }),
      }),
    };
    const chat = new AsyncChats(models).create({ model: 'm' });
    const seen: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of await chat.sendMessageStream('hi')) seen.push(chunk.text ?? '');
      })(),
    ).rejects.toThrow('unreadable chunk');
    expect(seen).toEqual(['ok ']);
    expect(closed).toBe(true);
    expect(chat.getTurns()).toMatchObject([
      { status: 'interrupted', reason: 'Error: unreadable chunk' },
    ]);
    // The chat is free: the next send is not stuck behind the failed stream.
    await expect(chat.sendMessage('again')).rejects.toThrow('unused');
  });
});
