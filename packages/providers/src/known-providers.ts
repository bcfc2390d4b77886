import type { AdapterModule } from './provider-config';

export interface KnownProvider {
  packageName: string;
  defaultModel: string;
  /** Environment variables the adapter reads its key from (for messages). */
  keyEnv: readonly string[];
  /** The keys its `options` take; any other is reported as unknown (`configWarnings`). */
  optionKeys: readonly string[];
  load(): Promise<AdapterModule>;
}

// provider-kit's ProviderSettings, which every built-in adapter accepts.
const SETTINGS = [
  'apiKey',
  'baseUrl',
  'headers',
  'fetch',
  'maxRetries',
  'timeout',
  'idleTimeout',
  'maxRetryDelay',
  'maxResponseBytes',
];

// Literal specifiers so bundlers see each optional adapter; each is imported only when used.
export const KNOWN_PROVIDERS: Readonly<Record<string, KnownProvider>> = {
  mock: {
    packageName: '@colloquy/provider-mock',
    defaultModel: 'mock-1',
    keyEnv: [],
    optionKeys: ['script'],
    load: async () => {
      const m = await import('@colloquy/provider-mock');
      return {
        createAsyncModels: (options) => m.createMockAsyncModels(options.script as never),
        createModels: (options) => m.createMockModels(options.script as never),
      };
    },
  },
  gemini: {
    packageName: '@colloquy/provider-gemini',
    defaultModel: 'gemini-2.5-flash',
    keyEnv: ['GEMINI_API_KEY', 'GOOGLE_API_KEY'],
    optionKeys: [...SETTINGS, 'apiVersion'],
    load: async () => {
      const m = await import('@colloquy/provider-gemini');
      return { createAsyncModels: m.createGeminiAsyncModels, createModels: m.createGeminiModels };
    },
  },
  openai: {
    packageName: '@colloquy/provider-openai',
    defaultModel: 'gpt-4o-mini',
    keyEnv: ['OPENAI_API_KEY'],
    optionKeys: [...SETTINGS, 'azure'],
    load: async () => {
      const m = await import('@colloquy/provider-openai');
      return { createAsyncModels: m.createOpenAIAsyncModels, createModels: m.createOpenAIModels };
    },
  },
  anthropic: {
    packageName: '@colloquy/provider-anthropic',
    defaultModel: 'claude-sonnet-4-5',
    keyEnv: ['ANTHROPIC_API_KEY'],
    optionKeys: [...SETTINGS, 'anthropicVersion', 'defaultMaxTokens', 'leadingUserText'],
    load: async () => {
      const m = await import('@colloquy/provider-anthropic');
      return {
        createAsyncModels: m.createAnthropicAsyncModels,
        createModels: m.createAnthropicModels,
      };
    },
  },
};

export const KNOWN_PROVIDER_NAMES: readonly string[] = Object.keys(KNOWN_PROVIDERS);
