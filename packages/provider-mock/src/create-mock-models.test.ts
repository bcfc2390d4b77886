import {
  AbortError,
  GenerateContentResponse,
  NotFoundError,
  StreamInterruptedError,
} from '@colloquy/chat-core';
import type { GenerateContentParameters } from '@colloquy/chat-core/spec';
import { describe, expect, it } from 'vitest';
import { createMockAsyncModels } from './create-mock-async-models';
import { createMockModels } from './create-mock-models';
import type { MockTurn } from './mock-script';

const params: GenerateContentParameters = {
  model: 'mock-1',
  contents: [{ role: 'user', parts: [{ text: 'hi' }] }],
};

describe('createMockModels', () => {
  it('answers synchronously, with no promise anywhere', () => {
    const models = createMockModels([{ text: 'hello back' }, { text: 'streamed reply' }]);
    const response = models.generateContent(params);
    expect(response).toBeInstanceOf(GenerateContentResponse);
    expect(response.text).toBe('hello back');
    const stream = models.generateContentStream(params);
    expect(typeof (stream as unknown as { then?: unknown }).then).toBe('undefined');
    expect([...stream].map((c) => c.text)).toEqual(['streamed ', 'reply']);
  });

  it('gives the same responses as the async mock for the same script', async () => {
    const script: MockTurn[] = [
      { text: 'one two' },
      { functionCalls: [{ name: 'f', args: { a: 1 } }] },
      { blocked: 'RECITATION' },
      { text: 'x y z', chunks: ['x', ' y z'] },
    ];
    const sync = createMockModels(script);
    const async = createMockAsyncModels(script);
    for (let i = 0; i < 3; i++) {
      expect(sync.generateContent(params)).toEqual(await async.generateContent(params));
    }
    const asyncChunks: GenerateContentResponse[] = [];
    for await (const chunk of await async.generateContentStream(params)) asyncChunks.push(chunk);
    expect([...sync.generateContentStream(params)]).toEqual(asyncChunks);
  });

  it('throws a scripted error when the stream is requested, before any iterator', () => {
    const models = createMockModels([{ error: { name: 'NotFoundError' } }]);
    expect(() => models.generateContentStream(params)).toThrow(NotFoundError);
  });

  it('breaks a stream after failAfterChunks', () => {
    const models = createMockModels([{ text: 'a b c', failAfterChunks: 1 }]);
    const seen: string[] = [];
    const run = () => {
      for (const chunk of models.generateContentStream(params)) seen.push(chunk.text ?? '');
    };
    expect(run).toThrow(StreamInterruptedError);
    expect(seen).toEqual(['a ']);
  });

  it('checks the abort signal before the call and between chunks', () => {
    const models = createMockModels([{ text: 'a b c' }]);
    const controller = new AbortController();
    const config = { abortSignal: controller.signal };
    const seen: string[] = [];
    const run = () => {
      for (const chunk of models.generateContentStream({ ...params, config })) {
        seen.push(chunk.text ?? '');
        controller.abort();
      }
    };
    expect(run).toThrow(AbortError);
    expect(seen).toEqual(['a ']);
    expect(() => models.generateContent({ ...params, config })).toThrow(AbortError);
    expect(models.requests).toHaveLength(1);
  });

  it('reports an abort made on the last chunk before a scripted stream failure', () => {
    const models = createMockModels([{ text: 'a b', failAfterChunks: 1 }]);
    const controller = new AbortController();
    const config = { abortSignal: controller.signal };
    const run = () => {
      for (const _ of models.generateContentStream({ ...params, config })) controller.abort();
    };
    expect(run).toThrow(AbortError);
  });

  it('honours per-chunk delays by blocking, and still yields every chunk', () => {
    const models = createMockModels({ turns: [{ text: 'a b' }], chunkDelayMs: 1 });
    expect([...models.generateContentStream(params)].map((c) => c.text)).toEqual(['a ', 'b']);
  });
});
