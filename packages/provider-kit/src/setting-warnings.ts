import { ConfigurationError, type ResponseWarning } from '@colloquy/chat-core';
import type { TransportConfig } from '@colloquy/chat-core/spec';

/**
 * What one provider does not honour, by setting: the message says what happens to it
 * instead. A function decides from the config (a value it only approximates) and gives no
 * message when this config is honoured. Keys are the setting as written in the config
 * (`topK`), or a field of it (`thinkingConfig.thinkingBudget`); a key is looked at only when
 * that setting is present.
 */
export type UnsupportedSettings = Readonly<
  Record<string, string | ((config: TransportConfig) => string | undefined)>
>;

function settingValue(config: TransportConfig, setting: string): unknown {
  let value: unknown = config;
  for (const key of setting.split('.')) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * The warnings a request with `config` gets from `provider`'s table of unsupported
 * settings (empty when it has none), checked before anything is sent, followed by `extra`
 * ones the adapter found itself (`foreignThoughtWarnings`). With `config.strict` they are a
 * `ConfigurationError` instead, naming every setting.
 */
export function settingWarnings(
  config: TransportConfig | undefined,
  provider: string,
  unsupported: UnsupportedSettings,
  extra: readonly ResponseWarning[] = [],
): ResponseWarning[] {
  if (config === undefined) return [...extra];
  const warnings: ResponseWarning[] = [];
  for (const [setting, rule] of Object.entries(unsupported)) {
    if (settingValue(config, setting) === undefined) continue;
    const message = typeof rule === 'string' ? rule : rule(config);
    if (message !== undefined) warnings.push({ setting, provider, message });
  }
  warnings.push(...extra);
  if (config.strict === true && warnings.length > 0) {
    throw new ConfigurationError({
      provider,
      message: `config.strict is set and ${provider} cannot honour ${warnings.length === 1 ? 'this setting' : 'these settings'}: ${warnings.map((w) => `${w.setting} (${w.message})`).join('; ')}. Remove ${warnings.length === 1 ? 'it' : 'them'}, or unset strict to send with warnings.`,
    });
  }
  return warnings;
}
