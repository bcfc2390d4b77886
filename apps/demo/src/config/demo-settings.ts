import { modelOf } from '@colloquy/providers';
import type { ChatTarget } from './chat-target';
import type { ChatConfig, ProviderEntry } from './demo-config-file';

/** The mock streams word by word with a pause, so a newcomer sees streaming and the spinner. */
export const MOCK_DEFAULT_OPTIONS: Readonly<Record<string, unknown>> = {
  script: { chunkDelayMs: 40 },
};

/** Everything the demo runs with, after file, environment and flags are combined. */
export interface DemoSettings {
  /** The provider and model the session starts on. */
  target: ChatTarget;
  /** Generation settings sent with every message. */
  config: ChatConfig;
  /** Whether the demo tools start enabled. */
  tools: boolean;
  /** Per-provider model and options, for the start and for `/provider NAME`. */
  profiles: Readonly<Record<string, ProviderEntry>>;
  /** Where the settings came from: a config file's name, or the built-in default. */
  source: string;
  /** What the demo left out of the config file (unknown keys), to print before it starts. */
  warnings?: string[];
}

/**
 * Where `/provider NAME [MODEL]` (and the start) goes: the model given, else the one the
 * config names for that provider, else the provider's default; with that provider's options.
 */
export function targetFor(
  profiles: Readonly<Record<string, ProviderEntry>>,
  provider: string,
  model?: string,
): ChatTarget {
  const profile = profiles[provider];
  let options = { ...profile?.options };
  if (provider === 'mock' && options.script === undefined) {
    options = { ...options, ...MOCK_DEFAULT_OPTIONS };
  }
  return { provider, model: model ?? modelOf({ provider, model: profile?.model }), options };
}
