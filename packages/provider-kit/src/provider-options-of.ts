import type { TransportConfig } from '@colloquy/chat-core/spec';

/**
 * The per-call options meant for one provider: `config.providerOptions?.[provider] ?? {}`.
 * Adapters copy these into request bodies by assignment (`body[key] = value`,
 * `Object.assign`). A `"__proto__"` key from parsed JSON is an own property here, but assigned
 * it would replace the body's prototype, so it is left out (no provider has such an option).
 */
export function providerOptionsOf(
  config: TransportConfig | undefined,
  provider: string,
): Record<string, unknown> {
  const options = config?.providerOptions?.[provider];
  if (options === null || typeof options !== 'object') return {};
  if (!Object.hasOwn(options, '__proto__')) return options;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(options)) {
    if (key !== '__proto__') copy[key] = value;
  }
  return copy;
}
