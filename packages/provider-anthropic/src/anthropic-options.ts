import { ConfigurationError } from '@colloquy/chat-core';
import { type ProviderSettings, resolveApiKey } from '@colloquy/provider-kit';

/** Options of `createAnthropicAsyncModels` and `createAnthropicModels` (times in ms). */
export interface AnthropicProviderOptions extends ProviderSettings {
  /** The `anthropic-version` header. Default `2023-06-01`. */
  anthropicVersion?: string;
  /**
   * `max_tokens` sent when `config.maxOutputTokens` is unset: the Messages API requires one.
   * Default 4096.
   */
  defaultMaxTokens?: number;
  /**
   * Text of the user message put before a history that starts with a model turn, because the
   * Messages API (and services compatible with it) want a user message first.
   * Default `(start of conversation)`.
   */
  leadingUserText?: string;
}

/** The provider name used in errors and as the `config.providerOptions` key. */
export const ANTHROPIC_PROVIDER = 'anthropic';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com';
/** The `anthropic-version` header sent when `anthropicVersion` is not given. */
export const ANTHROPIC_DEFAULT_VERSION = '2023-06-01';
/** Where the key is looked for when `apiKey` is not given. */
export const ANTHROPIC_API_KEY_ENV_VARS: readonly string[] = Object.freeze(['ANTHROPIC_API_KEY']);

const DEFAULT_MAX_TOKENS = 4096;
const DEFAULT_LEADING_USER_TEXT = '(start of conversation)';

/**
 * The options the models are made with, checked and with the defaults applied; the kit
 * resolves the HTTP settings.
 */
export interface ResolvedAnthropicOptions {
  apiKey: string;
  messagesUrl: string;
  anthropicVersion: string;
  defaultMaxTokens: number;
  leadingUserText: string;
}

function fail(message: string): never {
  throw new ConfigurationError({ provider: ANTHROPIC_PROVIDER, message });
}

/**
 * Resolves the API key (the `apiKey` option, else `ANTHROPIC_API_KEY`), applies the defaults
 * and checks the values, so a missing key or a bad option fails when the models are made.
 */
export function resolveAnthropicOptions(
  options: AnthropicProviderOptions,
): ResolvedAnthropicOptions {
  const apiKey = resolveApiKey({
    provider: ANTHROPIC_PROVIDER,
    apiKey: options.apiKey,
    envVars: [...ANTHROPIC_API_KEY_ENV_VARS],
  });
  const baseUrl = options.baseUrl ?? ANTHROPIC_DEFAULT_BASE_URL;
  if (typeof baseUrl !== 'string' || !/^https?:\/\/[^/]/i.test(baseUrl)) {
    fail(
      `baseUrl must be an http(s) URL such as ${ANTHROPIC_DEFAULT_BASE_URL}, got ${JSON.stringify(baseUrl)}.`,
    );
  }
  const defaultMaxTokens = options.defaultMaxTokens ?? DEFAULT_MAX_TOKENS;
  if (!Number.isInteger(defaultMaxTokens) || defaultMaxTokens < 1) {
    fail(`defaultMaxTokens must be a whole number of 1 or more, got ${String(defaultMaxTokens)}.`);
  }
  const anthropicVersion = options.anthropicVersion ?? ANTHROPIC_DEFAULT_VERSION;
  if (typeof anthropicVersion !== 'string' || anthropicVersion.trim() === '') {
    fail(`anthropicVersion must be a version date such as ${ANTHROPIC_DEFAULT_VERSION}.`);
  }
  const leadingUserText = options.leadingUserText ?? DEFAULT_LEADING_USER_TEXT;
  // The Messages API refuses empty and whitespace-only text blocks.
  if (typeof leadingUserText !== 'string' || leadingUserText.trim() === '') {
    fail('leadingUserText must be a non-empty string.');
  }
  return {
    apiKey,
    messagesUrl: `${baseUrl.replace(/\/+$/, '')}/v1/messages`,
    anthropicVersion,
    defaultMaxTokens,
    leadingUserText,
  };
}

/** Anthropic's web search server tool. */
export interface AnthropicWebSearchTool {
  type: 'web_search_20250305';
  name: 'web_search';
  max_uses?: number;
  allowed_domains?: string[];
  blocked_domains?: string[];
  user_location?: {
    type: 'approximate';
    city?: string;
    region?: string;
    country?: string;
    timezone?: string;
  };
}

/**
 * A tool Anthropic runs itself (web search, web fetch, code execution): sent as given in
 * `tools`, beside the function declarations. Its `server_tool_use` and result blocks come back
 * as parts with `providerBlock`, and go back to Anthropic in later turns.
 */
export type AnthropicServerTool =
  | AnthropicWebSearchTool
  | { type: string; name: string; [key: string]: unknown };

/** A cache breakpoint: the prompt up to and including this block is cached. */
export interface AnthropicCacheControl {
  type: 'ephemeral';
  /** How long the cache lives. Default `5m`. */
  ttl?: '5m' | '1h';
}

/**
 * Anthropic-only settings of one call, given as `config.providerOptions.anthropic`. Keys other
 * than these are merged into the request body (`metadata`, `service_tier`, ...).
 */
export interface AnthropicCallOptions {
  /** Server tools to offer beside the function declarations. */
  serverTools?: AnthropicServerTool[];
  /**
   * Cache the stable prefix of every request: cache breakpoints on the last system block, the
   * last tool and the last message, so the next request of the chat reads them from the cache.
   * `true` uses the default lifetime.
   */
  autoCache?: boolean | AnthropicCacheControl;
  [key: string]: unknown;
}

/**
 * Anthropic-only settings of one part (`part.providerOptions.anthropic`) or one turn
 * (`content.providerOptions.anthropic`, which applies to the turn's last block).
 */
export interface AnthropicPartOptions {
  cacheControl?: AnthropicCacheControl;
}
