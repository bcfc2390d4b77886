import type { AsyncModels, Models } from '@colloquy/chat-core';
import { createAnthropicAsyncModels, createAnthropicModels } from '@colloquy/provider-anthropic';
import { createGeminiAsyncModels, createGeminiModels } from '@colloquy/provider-gemini';
import type { ProviderSettings } from '@colloquy/provider-kit';
import { createOpenAIAsyncModels, createOpenAIModels } from '@colloquy/provider-openai';
import type { ProviderName } from '@colloquy/test-server';

/** Blocking models that can release their worker-side half. */
export type ClosableModels = Models & { close?: () => void };

/** One adapter under test, as the suite drives it. */
export interface AdapterUnderTest {
  name: ProviderName;
  model: string;
  createAsync(settings: ProviderSettings): AsyncModels;
  /** Through the sync bridge: settings must be structured-cloneable (no fetch). */
  createSync(settings: ProviderSettings): ClosableModels;
}

export const adapters: readonly AdapterUnderTest[] = [
  {
    name: 'gemini',
    model: 'gemini-2.5-flash',
    createAsync: (settings) => createGeminiAsyncModels(settings),
    createSync: (settings) => createGeminiModels(settings),
  },
  {
    name: 'openai',
    model: 'gpt-4o-mini',
    createAsync: (settings) => createOpenAIAsyncModels(settings),
    createSync: (settings) => createOpenAIModels(settings),
  },
  {
    name: 'anthropic',
    model: 'claude-sonnet-4-5',
    createAsync: (settings) => createAnthropicAsyncModels(settings),
    createSync: (settings) => createAnthropicModels(settings),
  },
];
