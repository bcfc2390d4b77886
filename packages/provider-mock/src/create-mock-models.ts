import { AbortError, GenerateContentResponse, type Models } from '@colloquy/chat-core';
import { type GenerateContentParameters, SPECIFICATION_VERSION } from '@colloquy/chat-core/spec';
import { type MockControls, MockEngine } from './mock-engine';
import type { MockScript } from './mock-script';
import { sleepSync } from './sleep-sync';

/** Blocking mock models: chat-core `Models` plus the test controls. */
export type MockModels = Models & MockControls;

/**
 * A deterministic blocking provider driven by `script`; for `Chat` and for tests. Nothing in
 * it is async: delays block the thread with `Atomics.wait` (skipped where blocking is not
 * allowed). `config.abortSignal` is checked before the call and between chunks, the only
 * moments a blocked thread can observe it.
 */
export function createMockModels(script?: MockScript): MockModels {
  const engine = new MockEngine(script);
  return Object.assign(engine, {
    specificationVersion: SPECIFICATION_VERSION,
    provider: 'mock',

    generateContent(params: GenerateContentParameters): GenerateContentResponse {
      throwIfAborted(params);
      const plan = engine.next(params, false);
      sleepSync(plan.delayMs);
      if (plan.error) throw plan.error;
      return GenerateContentResponse.from(plan.chunks[0] ?? {});
    },

    generateContentStream(params: GenerateContentParameters): Iterable<GenerateContentResponse> {
      throwIfAborted(params);
      const plan = engine.next(params, true);
      // The call itself fails like a rejected HTTP request: before an iterator exists.
      sleepSync(plan.delayMs);
      if (plan.error) throw plan.error;
      return (function* () {
        for (const chunk of plan.chunks) {
          sleepSync(plan.chunkDelayMs);
          throwIfAborted(params);
          yield GenerateContentResponse.from(chunk);
        }
        // A caller that aborted while holding the last chunk sees its abort, not what follows.
        throwIfAborted(params);
        if (plan.streamError) throw plan.streamError;
      })();
    },
  });
}

function throwIfAborted({ config }: GenerateContentParameters): void {
  const signal = config?.abortSignal;
  if (signal?.aborted) throw new AbortError({ provider: 'mock', cause: signal.reason });
}
