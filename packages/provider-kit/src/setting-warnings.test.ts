import { ConfigurationError } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { settingWarnings, type UnsupportedSettings } from './setting-warnings';

const TABLE: UnsupportedSettings = {
  topK: 'not sent: the API has no top-k sampling.',
  'thinkingConfig.thinkingBudget': (config) =>
    (config.thinkingConfig?.thinkingBudget ?? 0) > 0 ? 'approximated by an effort.' : undefined,
};

describe('settingWarnings', () => {
  it('warns about each unsupported setting present, naming the setting and provider', () => {
    expect(
      settingWarnings(
        { topK: 40, temperature: 0, thinkingConfig: { thinkingBudget: 10 } },
        'acme',
        TABLE,
      ),
    ).toEqual([
      { setting: 'topK', provider: 'acme', message: 'not sent: the API has no top-k sampling.' },
      {
        setting: 'thinkingConfig.thinkingBudget',
        provider: 'acme',
        message: 'approximated by an effort.',
      },
    ]);
  });

  it('gives nothing for settings absent or honoured', () => {
    expect(settingWarnings(undefined, 'acme', TABLE)).toEqual([]);
    expect(settingWarnings({ temperature: 1 }, 'acme', TABLE)).toEqual([]);
    expect(settingWarnings({ thinkingConfig: { thinkingBudget: 0 } }, 'acme', TABLE)).toEqual([]);
  });

  it('with strict, refuses before sending with a ConfigurationError naming every setting', () => {
    const call = () =>
      settingWarnings(
        { strict: true, topK: 1, thinkingConfig: { thinkingBudget: 5 } },
        'acme',
        TABLE,
      );
    expect(call).toThrow(ConfigurationError);
    expect(call).toThrow(/strict.*acme.*topK.*thinkingConfig\.thinkingBudget/);
    expect(settingWarnings({ strict: true, temperature: 1 }, 'acme', TABLE)).toEqual([]);
  });
});
