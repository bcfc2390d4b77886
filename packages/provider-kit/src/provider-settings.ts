import { ConfigurationError } from '@colloquy/chat-core';

/** Options every adapter accepts (times in ms). Adapters extend it. */
export interface ProviderSettings {
  /** The provider's API key. Falls back to the provider's usual environment variables. */
  apiKey?: string;
  /** Base URL of the provider's API, e.g. a proxy. */
  baseUrl?: string;
  /** Extra headers sent with every request. */
  headers?: Record<string, string>;
  /** The fetch to use; resolved at call time as `settings.fetch ?? globalThis.fetch`. */
  fetch?: typeof globalThis.fetch;
  /** Retries after the first attempt. Default 2. */
  maxRetries?: number;
  /** Deadline for the response headers (and, for JSON, the body). Default 600 000. */
  timeout?: number;
  /** Longest silence allowed while a stream is being read. Default 60 000. */
  idleTimeout?: number;
  /** Longest wait between attempts; a server hint above it is not waited for. Default 60 000. */
  maxRetryDelay?: number;
  /** Cap on a JSON body, or on one SSE event's data. Default 16 MiB. */
  maxResponseBytes?: number;
}

/** The defaults applied when neither the adapter settings nor the call say otherwise. */
export const DEFAULT_SETTINGS = {
  maxRetries: 2,
  timeout: 600_000,
  idleTimeout: 60_000,
  maxRetryDelay: 60_000,
  maxResponseBytes: 16 * 1024 * 1024,
} as const;

// setTimeout treats anything above 2^31-1 ms as 1 ms; longer deadlines mean "none".
const MAX_TIMER_MS = 2_147_483_647;

export interface ResolvedSettings {
  maxRetries: number;
  /** `undefined` means no deadline. */
  timeout: number | undefined;
  idleTimeout: number | undefined;
  maxRetryDelay: number;
  maxResponseBytes: number;
}

function count(provider: string, name: string, value: number | undefined, fallback: number) {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 0) {
    throw new ConfigurationError({
      provider,
      message: `${name} must be a whole number of 0 or more, got ${String(value)}.`,
    });
  }
  return value;
}

function duration(
  provider: string,
  name: string,
  value: number | undefined,
  fallback: number,
): number | undefined {
  const ms = value ?? fallback;
  if (typeof ms !== 'number' || Number.isNaN(ms) || ms <= 0) {
    throw new ConfigurationError({
      provider,
      message: `${name} must be a positive number of milliseconds (or Infinity for none), got ${String(value)}.`,
    });
  }
  return ms > MAX_TIMER_MS ? undefined : ms;
}

/** Per-call `httpOptions` override the adapter settings, which override the defaults. */
export function resolveSettings(
  provider: string,
  settings: ProviderSettings,
  httpOptions: { timeout?: number; maxRetries?: number; idleTimeout?: number } | undefined,
): ResolvedSettings {
  const maxRetryDelay = settings.maxRetryDelay ?? DEFAULT_SETTINGS.maxRetryDelay;
  if (typeof maxRetryDelay !== 'number' || Number.isNaN(maxRetryDelay) || maxRetryDelay < 0) {
    throw new ConfigurationError({
      provider,
      message: `maxRetryDelay must be 0 or more milliseconds, got ${String(maxRetryDelay)}.`,
    });
  }
  return {
    maxRetries: count(
      provider,
      'maxRetries',
      httpOptions?.maxRetries ?? settings.maxRetries,
      DEFAULT_SETTINGS.maxRetries,
    ),
    timeout: duration(
      provider,
      'timeout',
      httpOptions?.timeout ?? settings.timeout,
      DEFAULT_SETTINGS.timeout,
    ),
    idleTimeout: duration(
      provider,
      'idleTimeout',
      httpOptions?.idleTimeout ?? settings.idleTimeout,
      DEFAULT_SETTINGS.idleTimeout,
    ),
    maxRetryDelay: Math.min(maxRetryDelay, MAX_TIMER_MS),
    maxResponseBytes: count(
      provider,
      'maxResponseBytes',
      settings.maxResponseBytes,
      DEFAULT_SETTINGS.maxResponseBytes,
    ),
  };
}
