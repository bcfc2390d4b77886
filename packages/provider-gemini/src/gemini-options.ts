import { ConfigurationError } from '@colloquy/chat-core';
import type { TransportConfig } from '@colloquy/chat-core/spec';
import { type ProviderSettings, providerOptionsOf } from '@colloquy/provider-kit';
import * as v from 'valibot';

/** Options of `createGeminiAsyncModels` and `createGeminiModels` (times in ms). */
export interface GeminiProviderOptions extends ProviderSettings {
  /** API version in the request path. Default `v1beta`, which has every chat feature. */
  apiVersion?: string;
}

export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';
export const GEMINI_DEFAULT_API_VERSION = 'v1beta';
/** Where the key is looked for when `apiKey` is not given, in this order. */
export const GEMINI_API_KEY_ENV_VARS: readonly string[] = Object.freeze([
  'GEMINI_API_KEY',
  'GOOGLE_API_KEY',
]);

/** One entry of Gemini's `safetySettings`. */
export interface GeminiSafetySetting {
  category: string;
  threshold: string;
  [key: string]: unknown;
}

/**
 * Gemini-only settings of one call, given as `config.providerOptions.gemini`.
 * `generationConfig` entries go into the request's `generationConfig` beside the mapped
 * common settings (`thinkingConfig`, `candidateCount`, `responseModalities`, ...); a common
 * setting given in `config` itself wins over the same key here.
 */
export interface GeminiCallOptions {
  generationConfig?: Record<string, unknown>;
  safetySettings?: GeminiSafetySetting[];
  /** Name of a cached content (`cachedContents/...`) to use as the prompt prefix. */
  cachedContent?: string;
}

// Strict: a misspelt key would otherwise be dropped without a word.
const geminiCallOptionsSchema = v.strictObject({
  generationConfig: v.optional(v.record(v.string(), v.unknown())),
  safetySettings: v.optional(
    v.array(v.looseObject({ category: v.string(), threshold: v.string() })),
  ),
  cachedContent: v.optional(v.string()),
});

/** Reads and checks `config.providerOptions.gemini`. */
export function geminiCallOptionsOf(config: TransportConfig | undefined): GeminiCallOptions {
  const raw = providerOptionsOf(config, 'gemini');
  const result = v.safeParse(geminiCallOptionsSchema, raw);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  throw new ConfigurationError({
    provider: 'gemini',
    message: `Invalid providerOptions.gemini${path ? `.${path}` : ''}: ${issue.message}. It accepts generationConfig (an object), safetySettings (an array of {category, threshold}) and cachedContent (a string).`,
  });
}
