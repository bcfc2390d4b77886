import type { TransportConfig } from '@colloquy/chat-core';

/** The per-call options meant for one provider: `config.providerOptions?.[provider] ?? {}`. */
export function providerOptionsOf(
  config: TransportConfig | undefined,
  provider: string,
): Record<string, unknown> {
  const options = config?.providerOptions?.[provider];
  return options !== null && typeof options === 'object' ? options : {};
}
