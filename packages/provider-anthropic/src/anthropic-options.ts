import { ConfigurationError } from '@colloquy/chat-core';
import type { ProviderSettings } from '@colloquy/provider-kit';

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

export const ANTHROPIC_PROVIDER = 'anthropic';
export const ANTHROPIC_API_KEY_ENV_VARS = ['ANTHROPIC_API_KEY'];

export const ANTHROPIC_DEFAULTS = {
  baseUrl: 'https://api.anthropic.com',
  anthropicVersion: '2023-06-01',
  defaultMaxTokens: 4096,
  leadingUserText: '(start of conversation)',
} as const;

/** The adapter's own options with defaults applied; the kit resolves the HTTP settings. */
export interface ResolvedAnthropicOptions {
  messagesUrl: string;
  anthropicVersion: string;
  defaultMaxTokens: number;
  leadingUserText: string;
}

function fail(message: string): never {
  throw new ConfigurationError({ provider: ANTHROPIC_PROVIDER, message });
}

/** Applies the defaults and checks the values, so a bad option fails when the models are made. */
export function resolveAnthropicOptions(
  options: AnthropicProviderOptions,
): ResolvedAnthropicOptions {
  const baseUrl = options.baseUrl ?? ANTHROPIC_DEFAULTS.baseUrl;
  if (typeof baseUrl !== 'string' || !/^https?:\/\/[^/]/i.test(baseUrl)) {
    fail(
      `baseUrl must be an http(s) URL such as ${ANTHROPIC_DEFAULTS.baseUrl}, got ${JSON.stringify(baseUrl)}.`,
    );
  }
  const defaultMaxTokens = options.defaultMaxTokens ?? ANTHROPIC_DEFAULTS.defaultMaxTokens;
  if (!Number.isInteger(defaultMaxTokens) || defaultMaxTokens < 1) {
    fail(`defaultMaxTokens must be a whole number of 1 or more, got ${String(defaultMaxTokens)}.`);
  }
  const anthropicVersion = options.anthropicVersion ?? ANTHROPIC_DEFAULTS.anthropicVersion;
  if (typeof anthropicVersion !== 'string' || anthropicVersion.trim() === '') {
    fail(`anthropicVersion must be a version date such as ${ANTHROPIC_DEFAULTS.anthropicVersion}.`);
  }
  const leadingUserText = options.leadingUserText ?? ANTHROPIC_DEFAULTS.leadingUserText;
  // The Messages API refuses empty and whitespace-only text blocks.
  if (typeof leadingUserText !== 'string' || leadingUserText.trim() === '') {
    fail('leadingUserText must be a non-empty string.');
  }
  return {
    messagesUrl: `${baseUrl.replace(/\/+$/, '')}/v1/messages`,
    anthropicVersion,
    defaultMaxTokens,
    leadingUserText,
  };
}
