import type { ProviderName } from '@colloquy/test-server';

/**
 * Recognisable fake API keys, one per provider, shaped like the real ones so that both the
 * adapters' own `secrets` and the kit's key patterns would apply. Any output containing the
 * marker is a leak.
 */
export const LEAK_MARKER = 'LEAKCANARY';

export const canaryKeys: Record<ProviderName, string> = {
  gemini: `AIzaSyD-${LEAK_MARKER}-gemini-0123456789abcdef`,
  openai: `sk-test-${LEAK_MARKER}-openai-0123456789abcdef`,
  anthropic: `sk-ant-test-${LEAK_MARKER}-anthropic-0123456789`,
};
