import {
  type AsyncChat,
  AsyncChats,
  type AsyncModels,
  type GenerateContentConfig,
} from '@colloquy/chat-core';
import { it } from 'vitest';
import type { ConformanceHarness, HarnessCapability } from './conformance-harness';
import type { AdapterConformanceOptions, ConformanceSettings } from './conformance-options';
import { skipReason } from './skip-reason';

/** What every group of cases is registered with. */
export interface CaseContext<Options extends object = Record<string, unknown>> {
  readonly options: AdapterConformanceOptions<Options>;
  readonly harness: ConformanceHarness<Options>;
  /** The `provider` field expected on the adapter's errors. */
  readonly provider: string;
  readonly model: string;
  /**
   * Registers a case that needs `needs`. When the harness lacks one of them, the case is
   * registered as skipped, with the reason in its title.
   */
  test(title: string, needs: readonly HarnessCapability[], body: () => Promise<void>): void;
  /** Options for the adapter factories: the harness's, then `settings`. */
  adapterOptions(settings?: ConformanceSettings): Options & ConformanceSettings;
  /** Async models from the adapter's factory. Retries are off unless `settings` says otherwise. */
  asyncModels(settings?: ConformanceSettings): AsyncModels;
  /** A fresh `AsyncChat` over `asyncModels(settings)`. */
  chat(settings?: ConformanceSettings, config?: GenerateContentConfig): AsyncChat;
}

export function createCaseContext<Options extends object>(
  options: AdapterConformanceOptions<Options>,
): CaseContext<Options> {
  const { harness } = options;
  const context: CaseContext<Options> = {
    options,
    harness,
    provider: options.provider ?? options.name,
    model: options.model,
    test(title, needs, body) {
      const reason = skipReason(harness, needs);
      if (reason === undefined) it(title, body);
      else it.skip(`${title} [skipped: ${reason}]`, body);
    },
    adapterOptions(settings) {
      // Retries off by default: a case must see the first answer, not a retried one.
      return { ...harness.adapterOptions(), maxRetries: 0, ...settings };
    },
    asyncModels(settings) {
      return options.createAsyncModels(context.adapterOptions(settings));
    },
    chat(settings, config) {
      const models = context.asyncModels(settings);
      return new AsyncChats(models).create(
        config === undefined ? { model: options.model } : { model: options.model, config },
      );
    },
  };
  return context;
}
