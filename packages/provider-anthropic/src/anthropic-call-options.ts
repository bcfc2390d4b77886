import { ConfigurationError, type PartProviderOptions } from '@colloquy/chat-core';
import type { TransportConfig } from '@colloquy/chat-core/spec';
import { isRecord, providerOptionsOf } from '@colloquy/provider-kit';
import { ANTHROPIC_PROVIDER } from './anthropic-options';

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

function fail(message: string): never {
  throw new ConfigurationError({ provider: ANTHROPIC_PROVIDER, message });
}

function checkCacheControl(value: unknown, where: string): AnthropicCacheControl {
  if (
    !isRecord(value) ||
    value.type !== 'ephemeral' ||
    (value.ttl !== undefined && value.ttl !== '5m' && value.ttl !== '1h')
  ) {
    fail(
      `${where} must be { type: 'ephemeral' } with an optional ttl of '5m' or '1h', got ${JSON.stringify(value)}.`,
    );
  }
  return value as unknown as AnthropicCacheControl;
}

/** The `cache_control` a part or turn asks for, checked; `undefined` when none. */
export function cacheControlOf(
  options: PartProviderOptions | undefined,
  where: string,
): AnthropicCacheControl | undefined {
  const value = options?.[ANTHROPIC_PROVIDER]?.cacheControl;
  if (value === undefined) return undefined;
  return checkCacheControl(value, `${where} providerOptions.anthropic.cacheControl`);
}

/** `config.providerOptions.anthropic` split into what the adapter reads and the body extras. */
export interface ReadAnthropicCallOptions {
  /** The server tools (`serverTools`, then the older spelling `tools`). */
  serverTools: unknown[];
  autoCache: AnthropicCacheControl | undefined;
  /** Everything else, merged into the body. */
  body: Record<string, unknown>;
}

/** Reads and checks `config.providerOptions.anthropic`. */
export function anthropicCallOptionsOf(
  config: TransportConfig | undefined,
): ReadAnthropicCallOptions {
  const { serverTools, tools, autoCache, ...body } = providerOptionsOf(config, ANTHROPIC_PROVIDER);
  const all: unknown[] = [];
  for (const [key, list] of [
    ['serverTools', serverTools],
    ['tools', tools],
  ] as const) {
    if (list === undefined) continue;
    if (
      !Array.isArray(list) ||
      !list.every(
        (tool) => isRecord(tool) && typeof tool.type === 'string' && typeof tool.name === 'string',
      )
    ) {
      fail(
        `providerOptions.anthropic.${key} must be a list of server tools such as { type: 'web_search_20250305', name: 'web_search' }.`,
      );
    }
    all.push(...list);
  }
  let cache: AnthropicCacheControl | undefined;
  if (autoCache === true) cache = { type: 'ephemeral' };
  else if (autoCache !== undefined && autoCache !== false) {
    cache = checkCacheControl(autoCache, 'providerOptions.anthropic.autoCache');
  }
  return { serverTools: all, autoCache: cache, body };
}
