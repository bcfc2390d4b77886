import { ConfigurationError } from '@colloquy/chat-core';
import type { TransportConfig } from '@colloquy/chat-core/spec';
import { type ProviderSettings, providerOptionsOf, resolveApiKey } from '@colloquy/provider-kit';
import * as v from 'valibot';

/** Options of `createGeminiAsyncModels` and `createGeminiModels` (times in ms). */
export interface GeminiProviderOptions extends ProviderSettings {
  /** API version in the request path. Default `v1beta`, which has every chat feature. */
  apiVersion?: string;
}

/** The provider name used in errors and as the `config.providerOptions` key. */
export const GEMINI_PROVIDER = 'gemini';

export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com';
export const GEMINI_DEFAULT_API_VERSION = 'v1beta';
/** Where the key is looked for when `apiKey` is not given, in this order. */
export const GEMINI_API_KEY_ENV_VARS: readonly string[] = Object.freeze([
  'GEMINI_API_KEY',
  'GOOGLE_API_KEY',
]);

/** The options the models are made with, checked and with the defaults applied. */
export interface ResolvedGeminiOptions {
  apiKey: string;
  /** `{baseUrl}/{apiVersion}`: a model path and method follow. */
  apiUrl: string;
}

/**
 * Resolves the API key (the `apiKey` option, else the variables of `GEMINI_API_KEY_ENV_VARS`)
 * and the URL, so that a missing key fails when the models are made, naming the variables.
 */
export function resolveGeminiOptions(options: GeminiProviderOptions): ResolvedGeminiOptions {
  const apiKey = resolveApiKey({
    provider: GEMINI_PROVIDER,
    apiKey: options.apiKey,
    envVars: [...GEMINI_API_KEY_ENV_VARS],
  });
  const baseUrl = (options.baseUrl ?? GEMINI_DEFAULT_BASE_URL).replace(/\/+$/, '');
  return { apiKey, apiUrl: `${baseUrl}/${options.apiVersion ?? GEMINI_DEFAULT_API_VERSION}` };
}

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
  const raw = providerOptionsOf(config, GEMINI_PROVIDER);
  const result = v.safeParse(geminiCallOptionsSchema, raw);
  if (result.success) return result.output;
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  throw new ConfigurationError({
    provider: GEMINI_PROVIDER,
    message: `Invalid providerOptions.gemini${path ? `.${path}` : ''}: ${issue.message}. It accepts generationConfig (an object), safetySettings (an array of {category, threshold}) and cachedContent (a string).`,
  });
}
