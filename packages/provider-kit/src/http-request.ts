import type { TransportConfig } from '@colloquy/chat-core/spec';
import type { ProviderSettings } from './provider-settings';

/**
 * Sleeping, randomness and the time, as the retry loop sees them. Only tests replace it, to
 * observe the delays asked for without waiting.
 */
export interface RetryClock {
  /** Wait `ms`, rejecting with the signal's reason if it aborts. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** A number in [0, 1) for the backoff jitter. */
  random(): number;
  /** The current time in ms since the epoch, for `Retry-After` HTTP dates. */
  now(): number;
}

/** One request to a provider, as an adapter describes it. */
export interface HttpRequest {
  /** 'gemini' | 'openai' | 'anthropic' | ...: named in every error. */
  provider: string;
  /** Never contains the key: the kit refuses such URLs. */
  url: string;
  /** Auth headers included by the adapter. Merged over the defaults, under settings.headers. */
  headers: Record<string, string>;
  /** JSON-serialised by the kit. */
  body: unknown;
  settings: ProviderSettings;
  /** Per-call: abortSignal, httpOptions.{timeout,headers,maxRetries,idleTimeout}. */
  config?: TransportConfig;
  /** Strings scrubbed from anything that reaches an error (the API key). */
  secrets?: string[];
  /** @internal Tests only: replaces the timers and randomness of the retry loop. */
  clock?: RetryClock;
}
