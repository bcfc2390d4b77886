import type { AsyncModels, Models } from '@colloquy/chat-core';
import type { ConformanceHarness } from './conformance-harness';

/**
 * Settings the suite gives the adapter factories on top of the harness's options. Adapters
 * built on `@colloquy/provider-kit` accept them as they are (`ProviderSettings`); others must
 * give them the same meaning: retries after the first attempt, and the longest silence a
 * stream may keep between events, in ms.
 */
export interface ConformanceSettings {
  maxRetries?: number;
  idleTimeout?: number;
}

/** What `describeAdapterConformance` needs to know about the adapter under test. */
export interface AdapterConformanceOptions<Options extends object = Record<string, unknown>> {
  /** Shown in the `describe` title, e.g. `gemini`. */
  name: string;
  /** The `provider` field the adapter's errors carry. Default: `name`. */
  provider?: string;
  /** A model name the harness accepts. */
  model: string;
  /** The adapter's async factory, e.g. `createGeminiAsyncModels`. */
  createAsyncModels(options: Options & ConformanceSettings): AsyncModels;
  /**
   * The adapter's blocking factory, e.g. `createGeminiModels`. Without it, the blocking-model
   * cases are skipped. If what it returns has a `close()` method, the suite calls it.
   */
  createModels?(options: Options & ConformanceSettings): Models;
  harness: ConformanceHarness<Options>;
}
