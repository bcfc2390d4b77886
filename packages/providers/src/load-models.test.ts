import { AsyncChats, Chats, ConfigurationError } from '@colloquy/chat-core';
import { describe, expect, it, vi } from 'vitest';
import { KNOWN_PROVIDER_NAMES } from './known-providers';
import { configWarnings, loadAsyncModels, loadModels, modelOf } from './load-models';

const fixture = (name: string) => new URL(`./__fixtures__/${name}`, import.meta.url).href;

async function configError(promise: Promise<unknown>): Promise<ConfigurationError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(ConfigurationError.isInstance(error)).toBe(true);
  return error as ConfigurationError;
}

describe('loadAsyncModels / loadModels', () => {
  it('resolves the mock provider, async and sync, with its script', async () => {
    const options = { script: [{ text: 'scripted reply' }] };
    const asyncChat = new AsyncChats(await loadAsyncModels({ provider: 'mock', options })).create({
      model: 'mock-1',
    });
    expect((await asyncChat.sendMessage('hi')).text).toBe('scripted reply');
    const chat = new Chats(await loadModels({ provider: 'mock', options })).create({
      model: 'mock-1',
    });
    expect(chat.sendMessage('hi').text).toBe('scripted reply');
  });

  it.each([
    ['gemini', 'GEMINI_API_KEY'],
    ['openai', 'OPENAI_API_KEY'],
    ['anthropic', 'ANTHROPIC_API_KEY'],
  ])('builds the %s adapter, and a missing key names %s', async (provider, env) => {
    const saved = { ...process.env };
    for (const key of ['GEMINI_API_KEY', 'GOOGLE_API_KEY', 'OPENAI_API_KEY', 'ANTHROPIC_API_KEY'])
      delete process.env[key];
    try {
      const models = await loadAsyncModels({ provider, options: { apiKey: 'test-key' } });
      expect(typeof models.generateContent).toBe('function');
      const error = await configError(loadAsyncModels({ provider }));
      expect(error.message).toContain(env);
    } finally {
      process.env = saved;
    }
  });

  it('an unknown provider lists the known ones', async () => {
    const error = await configError(loadAsyncModels({ provider: 'gemnii' }));
    expect(error.message).toContain('Unknown provider "gemnii"');
    for (const name of KNOWN_PROVIDER_NAMES) expect(error.message).toContain(name);
  });

  it('loads a third-party adapter by module specifier', async () => {
    const models = await loadAsyncModels({
      provider: fixture('third-party-adapter.mjs'),
      options: { prefix: '> ' },
    });
    const chat = new AsyncChats(models).create({ model: 'echo-1' });
    expect((await chat.sendMessage('ping')).text).toBe('> ping');
  });

  it('refuses a module that is not an adapter, and a third-party adapter without sync Models', async () => {
    const notAdapter = await configError(
      loadAsyncModels({ provider: fixture('not-an-adapter.mjs') }),
    );
    expect(notAdapter.message).toContain('createAsyncModels');
    const noSync = await configError(loadModels({ provider: fixture('third-party-adapter.mjs') }));
    expect(noSync.message).toContain('loadAsyncModels');
  });

  it.each([
    [{}, '"provider"'],
    [{ provider: 'mock', model: 3 }, '"model" must be a string'],
    [{ provider: 'mock', options: [] }, '"options" must be an object'],
  ])('validates the config shape (%j)', async (config, message) => {
    const error = await configError(loadAsyncModels(config as never));
    expect(error.message).toContain(message);
  });

  it('modelOf falls back to a known provider default; a third-party adapter needs a model', () => {
    expect(modelOf({ provider: 'mock' })).toBe('mock-1');
    expect(modelOf({ provider: 'openai', model: 'gpt-x' })).toBe('gpt-x');
    expect(modelOf({ provider: fixture('third-party-adapter.mjs') })).toBe('default');
    expect(modelOf({ provider: fixture('third-party-adapter.mjs'), model: 'echo-1' })).toBe(
      'echo-1',
    );
  });
});

describe('unknown keys in a provider config', () => {
  it('names each unknown key, at the top and in a built-in adapter options', () => {
    const config = {
      provider: 'openai',
      modle: 'gpt-5',
      options: { apiKey: 'k', maxRetry: 3, baseUrl: 'http://localhost:1/v1' },
    };
    expect(configWarnings(config)).toEqual([
      { key: 'modle', message: expect.stringContaining('unknown key "modle"') },
      {
        key: 'options.maxRetry',
        message: expect.stringMatching(/openai options have an unknown key "maxRetry".*maxRetries/),
      },
    ]);
    expect(
      configWarnings({ provider: 'anthropic', options: { apiKey: 'k', defaultMaxTokens: 9 } }),
    ).toEqual([]);
    // A third-party adapter checks its own options.
    expect(configWarnings({ provider: '@acme/adapter', options: { anything: 1 } })).toEqual([]);
  });

  it('are reported through onWarning by loadAsyncModels and loadModels, and quiet without it', async () => {
    const config = {
      provider: 'mock',
      options: { script: [{ text: 'hi' }], scirpt: [] },
      extra: 1,
    };
    const seen: string[] = [];
    await loadAsyncModels(config, { onWarning: (w) => seen.push(w.key) });
    await loadModels(config, { onWarning: (w) => seen.push(w.key) });
    expect(seen).toEqual(['extra', 'options.scirpt', 'extra', 'options.scirpt']);
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      await loadAsyncModels(config);
      expect(warn).not.toHaveBeenCalled();
    } finally {
      warn.mockRestore();
    }
  });
});
