import { ConfigurationError, type PartProviderOptions } from '@colloquy/chat-core';
import type { TransportConfig } from '@colloquy/chat-core/spec';
import { isRecord, providerOptionsOf } from '@colloquy/provider-kit';
import { ANTHROPIC_PROVIDER, type AnthropicCacheControl } from './anthropic-options';

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
