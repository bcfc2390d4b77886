import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DemoError } from '../demo-error';
import { MOCK_DEFAULT_OPTIONS } from './demo-settings';
import { resolveSettings, type SettingsInput } from './resolve-settings';

let cwd: string;

beforeEach(() => {
  cwd = mkdtempSync(join(tmpdir(), 'colloquy-demo-settings-'));
});
afterEach(() => {
  rmSync(cwd, { recursive: true, force: true });
});

function writeConfig(config: unknown, name = 'colloquy.config.json'): void {
  writeFileSync(join(cwd, name), typeof config === 'string' ? config : JSON.stringify(config));
}

function resolve(input: Partial<SettingsInput> = {}) {
  return resolveSettings({ flags: {}, env: {}, cwd, ...input });
}

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DemoError);
    return (error as Error).message;
  }
  throw new Error('expected a DemoError');
}

describe('resolveSettings', () => {
  it('starts on the mock provider, streaming visibly, with no file, flag or variable', () => {
    expect(resolve()).toEqual({
      target: { provider: 'mock', model: 'mock-1', options: MOCK_DEFAULT_OPTIONS },
      config: {},
      tools: false,
      profiles: {},
      source: 'built-in default',
    });
  });

  it('reads colloquy.config.json from the working directory', () => {
    writeConfig({
      provider: 'openai',
      model: 'llama3.2',
      options: { baseUrl: 'http://localhost:11434/v1' },
      config: { temperature: 0.3, systemInstruction: 'Be brief.' },
      tools: true,
    });
    const settings = resolve();
    expect(settings.target).toEqual({
      provider: 'openai',
      model: 'llama3.2',
      options: { baseUrl: 'http://localhost:11434/v1' },
    });
    expect(settings.config).toEqual({ temperature: 0.3, systemInstruction: 'Be brief.' });
    expect(settings.tools).toBe(true);
    expect(settings.source).toBe('colloquy.config.json');
  });

  it('reads --config FILE instead, relative to the working directory', () => {
    writeConfig({ provider: 'openai' }, 'colloquy.config.json');
    writeConfig({ provider: 'anthropic' }, 'other.json');
    const settings = resolve({ flags: { config: 'other.json' } });
    expect(settings.target.provider).toBe('anthropic');
    expect(settings.target.model).toBe('claude-sonnet-4-5');
    expect(settings.source).toBe('other.json');
  });

  it('lets the environment override the file, and flags override both', () => {
    writeConfig({ provider: 'openai', model: 'gpt-4o' });
    expect(resolve({ env: { COLLOQUY_MODEL: 'gpt-4.1' } }).target.model).toBe('gpt-4.1');
    expect(resolve({ env: { COLLOQUY_PROVIDER: 'gemini' } }).target).toMatchObject({
      provider: 'gemini',
      model: 'gemini-2.5-flash',
    });
    expect(
      resolve({
        env: { COLLOQUY_PROVIDER: 'gemini', COLLOQUY_MODEL: 'gemini-2.5-pro' },
        flags: { provider: 'anthropic', model: 'claude-opus-4-1' },
      }).target,
    ).toMatchObject({ provider: 'anthropic', model: 'claude-opus-4-1' });
  });

  it('never pairs a model with another provider than the one it was given with', () => {
    writeConfig({ provider: 'openai', model: 'gpt-4o' });
    // The environment's model belongs to the environment's provider, not to --provider's.
    expect(
      resolve({
        env: { COLLOQUY_PROVIDER: 'openai', COLLOQUY_MODEL: 'gpt-4.1' },
        flags: { provider: 'gemini' },
      }).target.model,
    ).toBe('gemini-2.5-flash');
    // With the same provider it applies.
    expect(
      resolve({ env: { COLLOQUY_MODEL: 'gpt-4.1' }, flags: { provider: 'openai' } }).target.model,
    ).toBe('gpt-4.1');
    // The file's top-level options belong to the file's provider.
    expect(resolve({ flags: { provider: 'anthropic' } }).target.options).toEqual({});
  });

  it('treats empty variables as unset', () => {
    expect(resolve({ env: { COLLOQUY_PROVIDER: ' ', COLLOQUY_MODEL: '' } }).target.provider).toBe(
      'mock',
    );
  });

  it('keeps per-provider settings for /provider, merged with the top-level ones', () => {
    writeConfig({
      provider: 'openai',
      options: { baseUrl: 'http://localhost:11434/v1' },
      providers: {
        openai: { model: 'llama3.2', options: { maxRetries: 0 } },
        anthropic: { model: 'claude-haiku-4-5', options: { apiKey: 'from-file' } },
      },
    });
    const settings = resolve();
    expect(settings.target).toEqual({
      provider: 'openai',
      model: 'llama3.2',
      options: { maxRetries: 0, baseUrl: 'http://localhost:11434/v1' },
    });
    expect(settings.profiles.anthropic).toEqual({
      model: 'claude-haiku-4-5',
      options: { apiKey: 'from-file' },
    });
  });

  it('lists the known providers for an unknown one, saying where it came from', () => {
    expect(errorOf(() => resolve({ flags: { provider: 'opena1' } }))).toBe(
      'Unknown provider "opena1" (from --provider). Known providers: mock, gemini, openai, anthropic; or give the path of an adapter module, e.g. ./my-adapter.js.',
    );
    expect(errorOf(() => resolve({ env: { COLLOQUY_PROVIDER: 'claude' } }))).toMatch(
      /^Unknown provider "claude" \(from COLLOQUY_PROVIDER\)\. Known providers: mock, gemini/,
    );
    writeConfig({ providers: { anthropc: {} } });
    expect(errorOf(() => resolve())).toMatch(
      /^Unknown provider "anthropc" \(a key of "providers" in colloquy\.config\.json\)/,
    );
  });

  it('takes a path to a third-party adapter, relative to the config file', () => {
    writeConfig({ provider: './adapters/my-adapter.js' });
    expect(resolve().target.provider).toBe(pathToFileURL(join(cwd, 'adapters/my-adapter.js')).href);
  });

  it('says what to fix in a config file, field by field', () => {
    writeConfig({
      provider: 'openai',
      temprature: 0.3,
      config: { temperature: 'hot', maxOutputTokens: 1.5, topP: 3 },
    });
    expect(errorOf(() => resolve())).toBe(
      [
        'colloquy.config.json has settings to fix:',
        '  config.temperature: expected a number',
        '  config.topP: must be at most 1',
        '  config.maxOutputTokens: must be a whole number',
      ].join('\n'),
    );
  });

  it('leaves out unknown keys with a warning naming each key and the file', () => {
    writeConfig({
      provider: 'openai',
      temprature: 0.3,
      config: { temperature: 0.5, topk: 3, automaticFunctionCalling: { disabled: true } },
      providers: { anthropic: { modle: 'claude-x' } },
    });
    const settings = resolve();
    expect(settings.config).toEqual({ temperature: 0.5, automaticFunctionCalling: {} });
    expect(settings.warnings).toHaveLength(4);
    expect(settings.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(
          /^colloquy\.config\.json: temprature is not a setting the demo knows, so it was ignored \(allowed here: \$schema, provider/,
        ),
        expect.stringMatching(/^colloquy\.config\.json: config\.topk is not a setting/),
        expect.stringMatching(
          /^colloquy\.config\.json: config\.automaticFunctionCalling\.disabled is not a setting/,
        ),
        expect.stringMatching(
          /^colloquy\.config\.json: providers\.anthropic\.modle is not a setting/,
        ),
      ]),
    );
    writeConfig({ provider: 'openai' });
    expect(resolve()).not.toHaveProperty('warnings');
  });

  it('names adapter options the adapter does not take', () => {
    writeConfig({
      provider: 'openai',
      options: { apiKey: 'k', maxRetry: 2 },
      providers: { anthropic: { options: { defaultMaxTokens: 9, versoin: 'x' } } },
    });
    expect(resolve().warnings).toEqual([
      expect.stringMatching(
        /^colloquy\.config\.json: The anthropic options have an unknown key "versoin"/,
      ),
      expect.stringMatching(
        /^colloquy\.config\.json: The openai options have an unknown key "maxRetry"/,
      ),
    ]);
  });

  it('reports a file that is not JSON, or not there', () => {
    writeConfig('{"provider": "openai",}');
    expect(errorOf(() => resolve())).toMatch(
      /^colloquy\.config\.json is not valid JSON \(.+\)\. Fix it, or pass another file with --config\.$/,
    );
    expect(errorOf(() => resolve({ flags: { config: 'missing.json' } }))).toBe(
      'Cannot read the config file missing.json: it does not exist. Check the --config path.',
    );
  });

  it('refuses a model or options without the provider they belong to', () => {
    writeConfig({ model: 'gpt-4o' });
    expect(errorOf(() => resolve())).toBe(
      'colloquy.config.json sets "model" or "options" without "provider": add "provider" (e.g. "openai") beside them.',
    );
  });
});
