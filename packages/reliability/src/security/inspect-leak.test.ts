import { inspect } from 'node:util';
import { AsyncChats } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import { type AdapterUnderTest, adapters } from '../harness/adapters';
import { canaryKeys, LEAK_MARKER } from '../harness/canary-keys';

/**
 * `console.log(chat)` or `console.log(models)` while debugging is the most common way a key
 * ends up in a log. The models object must not show its key to `util.inspect` or
 * `JSON.stringify`: closures or #private fields, not plain properties.
 */
function printedForms(adapter: AdapterUnderTest): Record<string, string> {
  const models = adapter.createAsync({
    apiKey: canaryKeys[adapter.name],
    baseUrl: 'http://127.0.0.1:9/v1',
  });
  const chat = new AsyncChats(models).create({ model: adapter.model });
  return {
    'inspect(models)': inspect(models, { depth: 8, showHidden: true }),
    'JSON.stringify(models)': JSON.stringify(models) ?? '',
    'inspect(chat)': inspect(chat, { depth: 8 }),
  };
}

function leaksOf(forms: Record<string, string>): string[] {
  return Object.entries(forms)
    .filter(([, text]) => text.includes(LEAK_MARKER))
    .map(([where]) => where);
}

const byName = (name: string) => adapters.find((a) => a.name === name) as AdapterUnderTest;

describe('printing a models object or a chat never shows the API key', () => {
  it('gemini', () => {
    expect(leaksOf(printedForms(byName('gemini')))).toEqual([]);
  });

  it('anthropic', () => {
    expect(leaksOf(printedForms(byName('anthropic')))).toEqual([]);
  });

  it('openai', () => {
    expect(leaksOf(printedForms(byName('openai')))).toEqual([]);
  });
});
