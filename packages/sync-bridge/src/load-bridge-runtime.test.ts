import { ConfigurationError } from '@colloquy/chat-core';
import { afterEach, describe, expect, it, vi } from 'vitest';

describe('loadBridgeRuntime', () => {
  const original = process.getBuiltinModule;
  afterEach(() => {
    process.getBuiltinModule = original;
    vi.resetModules();
  });

  it('refuses with a ConfigurationError where Node builtins are out of reach', async () => {
    (process as { getBuiltinModule?: unknown }).getBuiltinModule = undefined;
    const { loadBridgeRuntime } = await import('./load-bridge-runtime');
    expect(() => loadBridgeRuntime()).toThrow(ConfigurationError);
    expect(() => loadBridgeRuntime()).toThrow(/use the async models/);
  });

  it('refuses where there are no worker threads', async () => {
    process.getBuiltinModule = ((id: string) =>
      id === 'node:worker_threads' ? {} : original(id)) as typeof original;
    const { loadBridgeRuntime } = await import('./load-bridge-runtime');
    expect(() => loadBridgeRuntime()).toThrow(/need worker threads/);
  });

  it('loads once and reuses the shared worker', async () => {
    const { loadBridgeRuntime } = await import('./load-bridge-runtime');
    expect(loadBridgeRuntime()).toBe(loadBridgeRuntime());
  });
});
