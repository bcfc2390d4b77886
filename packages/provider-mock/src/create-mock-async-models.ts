import { type AsyncModels, GenerateContentResponse } from '@colloquy/chat-core';
import { type GenerateContentParameters, SPECIFICATION_VERSION } from '@colloquy/chat-core/spec';
import { type MockControls, MockEngine } from './mock-engine';
import type { MockScript } from './mock-script';
import { abortErrorFor, sleep } from './sleep';

/** Async mock models: chat-core `AsyncModels` plus the test controls. */
export type MockAsyncModels = AsyncModels & MockControls;

/**
 * A deterministic async provider driven by `script`. `config.abortSignal` rejects a call
 * before it is sent, during `delayMs`, and ends a stream between chunks with chat-core's
 * `AbortError`.
 */
export function createMockAsyncModels(script?: MockScript): MockAsyncModels {
  const engine = new MockEngine(script);
  return Object.assign(engine, {
    specificationVersion: SPECIFICATION_VERSION,
    provider: 'mock',

    async generateContent(params: GenerateContentParameters): Promise<GenerateContentResponse> {
      const signal = params.config?.abortSignal;
      if (signal?.aborted) throw abortErrorFor(signal);
      const plan = engine.next(params, false);
      await sleep(plan.delayMs, signal);
      if (plan.error) throw plan.error;
      return GenerateContentResponse.from(plan.chunks[0] ?? {});
    },

    async generateContentStream(
      params: GenerateContentParameters,
    ): Promise<AsyncIterable<GenerateContentResponse>> {
      const signal = params.config?.abortSignal;
      if (signal?.aborted) throw abortErrorFor(signal);
      const plan = engine.next(params, true);
      await sleep(plan.delayMs, signal);
      if (plan.error) throw plan.error;
      return (async function* () {
        for (const chunk of plan.chunks) {
          await sleep(plan.chunkDelayMs, signal);
          if (signal?.aborted) throw abortErrorFor(signal);
          yield GenerateContentResponse.from(chunk);
        }
        // A caller that aborted while holding the last chunk sees its abort, not what follows.
        if (signal?.aborted) throw abortErrorFor(signal);
        if (plan.streamError) throw plan.streamError;
      })();
    },
  });
}
