import {
  AbortError,
  ApiError,
  ConfigurationError,
  GenerateContentResponse,
  NotFoundError,
  RateLimitError,
  ServerError,
  StreamInterruptedError,
  TimeoutError,
} from '@colloquy/chat-core';
import type { GenerateContentParameters } from '@colloquy/chat-core/spec';
import { createMockAsyncModels, type MockScript } from '@colloquy/provider-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { PROBE } from './__fixtures__/probe-models.mjs';
import { type BridgedModels, createBridgedModels } from './create-bridged-models';

const params: GenerateContentParameters = {
  model: 'mock-1',
  contents: [{ role: 'user', parts: [{ text: 'hello there' }] }],
};
const probeModule = new URL('./__fixtures__/probe-models.mjs', import.meta.url).href;

const open: BridgedModels[] = [];
afterEach(() => {
  for (const models of open.splice(0)) models.close();
});

function bridgeMock(script?: MockScript, timeout?: number): BridgedModels {
  const models = createBridgedModels({
    module: '@colloquy/provider-mock',
    exportName: 'createMockAsyncModels',
    options: script,
    parentUrl: import.meta.url,
    ...(timeout === undefined ? {} : { timeout }),
  });
  open.push(models);
  return models;
}

function bridgeProbe(options: Record<string, unknown>, timeout?: number) {
  const buffer = new SharedArrayBuffer(16);
  const models = createBridgedModels({
    module: probeModule,
    exportName: 'createProbeAsyncModels',
    options: { buffer, ...options },
    ...(timeout === undefined ? {} : { timeout }),
  });
  open.push(models);
  return { models, probe: new Int32Array(buffer) };
}

async function drain(stream: AsyncIterable<GenerateContentResponse>) {
  const chunks: GenerateContentResponse[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

const catchError = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('createBridgedModels', () => {
  it('returns the same responses as the async models it runs', async () => {
    const script: MockScript = [
      { text: 'hi there' },
      { functionCalls: [{ name: 'get_weather', args: { city: 'Paris' }, id: 'c1' }] },
      { blocked: 'SAFETY' },
      { promptBlocked: 'SAFETY' },
      { empty: true },
      { invalid: true },
      { response: { responseId: 'r1', candidates: [], createTime: 'then' } },
    ];
    const direct = createMockAsyncModels(script);
    const bridged = bridgeMock(script);
    for (let turn = 0; turn < 8; turn++) {
      const response = bridged.generateContent(params);
      expect(response).toBeInstanceOf(GenerateContentResponse);
      expect(response).toEqual(await direct.generateContent(params));
    }
  });

  it('streams the same chunks as the async models it runs', async () => {
    const script: MockScript = [
      { text: 'one two three four', chunks: ['one ', 'two three', ' four'] },
      { text: 'Checking.', functionCalls: [{ name: 'f', args: { a: [1, 2] } }] },
      {
        streamChunks: [
          { candidates: [{ content: { role: 'model', parts: [{ text: 'a', thought: true }] } }] },
          {
            candidates: [{ content: { role: 'model', parts: [{ text: 'b' }] } }],
            modelVersion: 'v',
          },
          { candidates: [{ finishReason: 'STOP' }], usageMetadata: { totalTokenCount: 2 } },
        ],
      },
    ];
    const direct = createMockAsyncModels(script);
    const bridged = bridgeMock(script);
    for (let turn = 0; turn < 4; turn++) {
      const chunks = [...bridged.generateContentStream(params)];
      expect(chunks.every((chunk) => chunk instanceof GenerateContentResponse)).toBe(true);
      expect(chunks).toEqual(await drain(await direct.generateContentStream(params)));
    }
  });

  it('throws errors as the same chat-core classes, with their fields', () => {
    const bridged = bridgeMock([
      { error: { name: 'RateLimitError', retryAfterMs: 2500, requestId: 'req-9' } },
      {
        error: {
          name: 'ServerError',
          status: 503,
          provider: 'gemini',
          providerCode: 'UNAVAILABLE',
        },
      },
      { error: { name: 'NotFoundError', message: 'no such model' } },
      { error: { name: 'Error', message: 'socket hang up' } },
    ]);
    const rateLimited = catchError(() => bridged.generateContent(params));
    expect(rateLimited).toBeInstanceOf(RateLimitError);
    expect(RateLimitError.isInstance(rateLimited)).toBe(true);
    expect(rateLimited).toMatchObject({
      status: 429,
      retryAfterMs: 2500,
      requestId: 'req-9',
      provider: 'mock',
      isRetryable: true,
    });
    // A streaming call fails where the async one rejects: before an iterator exists.
    const server = catchError(() => bridged.generateContentStream(params));
    expect(server).toBeInstanceOf(ServerError);
    expect(ApiError.isInstance(server)).toBe(true);
    expect(server).toMatchObject({ status: 503, provider: 'gemini', providerCode: 'UNAVAILABLE' });
    const notFound = catchError(() => bridged.generateContent(params));
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect((notFound as Error).message).toBe('no such model');
    const plain = catchError(() => bridged.generateContent(params)) as Error;
    expect(plain.constructor).toBe(Error);
    expect(plain.message).toBe('socket hang up');
  });

  it('delivers the chunks before a stream failure, then its error', () => {
    const bridged = bridgeMock([{ text: 'a b c d e', failAfterChunks: 3 }]);
    const seen: string[] = [];
    const error = catchError(() => {
      for (const chunk of bridged.generateContentStream(params)) seen.push(chunk.text ?? '');
    });
    expect(seen).toEqual(['a ', 'b ', 'c ']);
    expect(error).toBeInstanceOf(StreamInterruptedError);
    expect(error).toMatchObject({ chunksReceived: 3, provider: 'mock' });
  });

  it('cancels the worker-side stream when the consumer breaks', () => {
    const { models, probe } = bridgeProbe({ chunks: 1000, chunkDelayMs: 5 });
    const seen: string[] = [];
    for (const chunk of models.generateContentStream(params)) {
      seen.push(chunk.text ?? '');
      if (seen.length === 2) break;
    }
    expect(seen).toEqual(['c0 ', 'c1 ']);
    expect(probe[PROBE.aborted]).toBe(1);
    // The provider's generator is closed once its pending chunk settles.
    Atomics.wait(probe, PROBE.closed, 0, 10_000);
    expect(probe[PROBE.closed]).toBe(1);
    expect(probe[PROBE.chunks]).toBeLessThan(1000);
  });

  it('honours an aborted signal before the call and between batches, without sending it', () => {
    const { models, probe } = bridgeProbe({ chunks: 1000, chunkDelayMs: 5 });
    const controller = new AbortController();
    const config = { abortSignal: controller.signal };
    const stream = models.generateContentStream({ ...params, config });
    expect(stream[Symbol.iterator]().next().done).toBe(false);
    controller.abort();
    expect(() => {
      for (const _ of stream) {
        // drains what had already arrived, then meets the abort
      }
    }).toThrow(AbortError);
    Atomics.wait(probe, PROBE.closed, 0, 10_000);
    expect(probe[PROBE.closed]).toBe(1);

    const calls = probe[PROBE.calls];
    expect(() => models.generateContent({ ...params, config })).toThrow(AbortError);
    expect(probe[PROBE.calls]).toBe(calls);
  });

  it('bounds a hung call with a bridge TimeoutError, cancels it, and keeps working', () => {
    const { models, probe } = bridgeProbe({ hang: true }, 100);
    const error = catchError(() => models.generateContent(params));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'bridge', timeoutMs: 100 });
    expect(probe[PROBE.aborted]).toBe(1);

    const mock = bridgeMock([{ text: 'late', delayMs: 60_000 }, { text: 'on time' }], 1_000);
    expect(() => mock.generateContentStream(params)).toThrow(TimeoutError);
    expect(mock.generateContent(params).text).toBe('on time');
  });

  it('bounds the wait for the next stream chunks too, and cancels the stream', () => {
    const { models, probe } = bridgeProbe({ chunks: 5, chunkDelayMs: 1, stallAfter: 2 }, 1_000);
    const seen: string[] = [];
    const error = catchError(() => {
      for (const chunk of models.generateContentStream(params)) seen.push(chunk.text ?? '');
    });
    expect(seen).toEqual(['c0 ', 'c1 ']);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ phase: 'bridge', timeoutMs: 1_000 });
    expect(probe[PROBE.aborted]).toBe(1);
  });

  it('keeps instances apart in the one worker, and refuses calls after close', () => {
    const first = bridgeMock([{ text: 'first' }]);
    const second = bridgeMock([{ text: 'second' }]);
    expect(second.generateContent(params).text).toBe('second');
    expect(first.generateContent(params).text).toBe('first');
    first.close();
    first.close();
    expect(() => first.generateContent(params)).toThrow(ConfigurationError);
    expect(() => first.generateContentStream(params)).toThrow(/closed/);
    expect(second.generateContent(params).text).toContain('Mock reply');
  });

  it('ends the open streams of models that are closed', () => {
    const { models, probe } = bridgeProbe({ chunks: 1000, chunkDelayMs: 5 });
    const iterator = models.generateContentStream(params)[Symbol.iterator]();
    expect(iterator.next().done).toBe(false);
    models.close();
    expect(probe[PROBE.aborted]).toBe(1);
    expect(() => {
      for (let step = iterator.next(); !step.done; step = iterator.next()) {
        // chunks that had already crossed may still arrive
      }
    }).toThrow(ConfigurationError);
  });

  describe('setup errors', () => {
    it('explains a module it cannot find', () => {
      const create = () =>
        createBridgedModels({
          module: '@colloquy/no-such-provider',
          exportName: 'x',
          parentUrl: import.meta.url,
        });
      expect(create).toThrow(ConfigurationError);
      expect(create).toThrow(/could not find module "@colloquy\/no-such-provider"/);
    });

    it('lists the exports when the named one is missing or not a function', () => {
      for (const exportName of ['createNothing', 'notAFunction']) {
        const error = catchError(() => createBridgedModels({ module: probeModule, exportName }));
        expect(error).toBeInstanceOf(ConfigurationError);
        expect((error as Error).message).toContain(`no exported function "${exportName}"`);
        expect((error as Error).message).toContain('createProbeAsyncModels');
      }
    });

    it.each([
      [undefined, /carry no specificationVersion/],
      ['v2', /speak specification "v2"/],
    ])('refuses adapter models of another seam version (%s)', (version, found) => {
      const create = () =>
        createBridgedModels({
          module: probeModule,
          exportName: 'createOtherVersionAsyncModels',
          options: { version },
        });
      expect(create).toThrow(ConfigurationError);
      expect(create).toThrow(found);
      expect(create).toThrow(/@colloquy\/sync-bridge speaks "v1"\. Install versions that match/);
    });

    it('passes on the error the adapter factory throws, as its class', () => {
      const create = () => bridgeMock([{ txt: 'typo' }] as unknown as MockScript);
      expect(create).toThrow(ConfigurationError);
      expect(create).toThrow(/exactly one of/);
    });

    it('refuses options that cannot cross a thread, such as an injected fetch', () => {
      const create = () =>
        createBridgedModels({
          module: '@colloquy/provider-mock',
          exportName: 'createMockAsyncModels',
          options: { fetch: globalThis.fetch },
          parentUrl: import.meta.url,
        });
      expect(create).toThrow(ConfigurationError);
      expect(create).toThrow(/options\.fetch is a function/);
    });

    it('refuses call parameters that cannot cross a thread', () => {
      const bridged = bridgeMock([{ text: 'unused' }]);
      const tools = [{ functionDeclarations: [{ name: 'f', handler: () => 1 }] }];
      const call = () => bridged.generateContent({ ...params, config: { tools } as never });
      expect(call).toThrow(ConfigurationError);
      expect(call).toThrow(/structured-cloneable/);
      expect(bridged.generateContent(params).text).toBe('unused');
    });

    it('refuses a timeout that is not a positive number of milliseconds', () => {
      for (const timeout of [0, -1, Number.NaN, 2 ** 40]) {
        expect(() => bridgeMock([], timeout)).toThrow(ConfigurationError);
      }
    });
  });
});
