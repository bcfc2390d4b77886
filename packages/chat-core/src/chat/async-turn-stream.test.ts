import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bufferedIterator, bufferedTransport } from '../test-utils/buffered-iterator';
import {
  chunksOf,
  type ScriptStep,
  scriptedModels,
  textReply,
} from '../test-utils/scripted-models';
import { functionTool } from '../tools/function-tool';
import type { GenerateContentConfig } from '../types/generate-content-config';
import { GenerateContentResponse } from '../types/generate-content-response';
import type { AsyncModels } from '../types/models';
import { AsyncChats } from './chats';

const chunk = (text: string) =>
  new GenerateContentResponse({
    candidates: [{ content: { role: 'model', parts: [{ text }] }, index: 0 }],
  });
const finish = new GenerateContentResponse({ candidates: [{ finishReason: 'STOP', index: 0 }] });

/** A transport answering each stream with these chunks through `bufferedIterator`. */
function transportOf(iterator: ReturnType<typeof bufferedIterator<GenerateContentResponse>>) {
  const models: AsyncModels = {
    specificationVersion: 'v1',
    generateContent: () => Promise.reject(new Error('not used')),
    generateContentStream: () => Promise.resolve(iterator),
  };
  return new AsyncChats(models).create({ model: 'm' });
}

describe('AsyncTurnStream over a transport with tryNext', () => {
  it('takes held chunks with tryNext and waits on next() only when nothing is held', async () => {
    const items = [...'abcdefghij'].map(chunk).concat(finish);
    const iterator = bufferedIterator(items, { burst: 4 });
    const chat = transportOf(iterator);
    const seen: string[] = [];
    for await (const c of await chat.sendMessageStream('q')) seen.push(c.text ?? '-');
    expect(seen).toEqual([...'abcdefghij', '-']);
    // 11 chunks and the end in bursts of 4: three reads, the rest taken synchronously.
    expect(iterator.stats.nexts).toBe(3);
    expect(iterator.stats.hits).toBe(9);
    expect(chat.getTurns()[0]?.status).toBe('complete');
    expect(chat.getHistory()[1]).toEqual({ role: 'model', parts: [{ text: 'abcdefghij' }] });
  });

  it('rejects once with an error tryNext throws, records the turn as interrupted and frees the chat', async () => {
    const failure = new Error('cut');
    const iterator = bufferedIterator([chunk('a'), chunk('b')], { burst: 10, error: failure });
    const chat = transportOf(iterator);
    const stream = await chat.sendMessageStream('q');
    expect((await stream.next()).value?.text).toBe('a');
    expect((await stream.next()).value?.text).toBe('b');
    await expect(stream.next()).rejects.toBe(failure);
    // The error came from tryNext: only the first chunk needed a read.
    expect(iterator.stats.nexts).toBe(1);
    expect(await stream.next()).toEqual({ done: true, value: undefined });
    const turn = chat.getTurns()[0];
    expect(turn?.status).toBe('interrupted');
    expect(turn?.reason).toContain('cut');
    expect(turn?.contents[1]).toEqual({ role: 'model', parts: [{ text: 'ab' }] });
    // Released: another send is accepted.
    await expect(chat.sendMessageStream('again')).resolves.toBeDefined();
  });

  it('return() after chunks taken with tryNext closes the transport and keeps the partial turn', async () => {
    const items = [...'abcd'].map(chunk).concat(finish);
    const iterator = bufferedIterator(items, { burst: 10 });
    const chat = transportOf(iterator);
    const seen: string[] = [];
    for await (const c of await chat.sendMessageStream('q')) {
      seen.push(c.text ?? '');
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['a', 'b']);
    expect(iterator.stats.hits).toBe(1);
    expect(iterator.stats.returned).toBe(true);
    const turn = chat.getTurns()[0];
    expect(turn?.status).toBe('interrupted');
    expect(turn?.contents[1]).toEqual({ role: 'model', parts: [{ text: 'ab' }] });
  });
});

// The same sends through the plain iterator and through `tryNext` (in bursts of 1 to 4
// chunks) must give the same chunks, the same errors and the same recorded history.
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

async function play(models: AsyncModels, sends: Array<[string, number | undefined]>) {
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

describe('AsyncChat streams with and without tryNext', () => {
  it('give the same chunks, errors and recorded history', async () => {
    const send = fc.tuple(kinds, fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(send, { minLength: 1, maxLength: 8 }),
        fc.integer({ min: 1, max: 4 }),
        async (sends, burst) => {
          const script = () => sends.flatMap(([kind], i) => stepsFor(kind, i));
          const plain = await play(scriptedModels(...script()).async, sends);
          const transport = bufferedTransport(scriptedModels(...script()).async, burst);
          const buffered = await play(transport, sends);
          expect(buffered).toEqual(plain);
          // A stream read to its end in bursts took something with tryNext.
          if (burst > 1 && transport.streams.some((s) => s.nexts > 0 && !s.returned)) {
            expect(transport.streams.some((s) => s.hits > 0)).toBe(true);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('the plain path is still used when the iterator has no tryNext', async () => {
    const models = scriptedModels({ chunks: chunksOf('a', 'b') }, { response: textReply('c') });
    const chat = new AsyncChats(models.async).create({ model: 'm' });
    let text = '';
    for await (const c of await chat.sendMessageStream('q')) text += c.text ?? '';
    expect(text).toBe('ab');
    expect(chat.getTurns()[0]?.status).toBe('complete');
  });
});

describe('AsyncTurnStream when a chunk cannot be taken', () => {
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
