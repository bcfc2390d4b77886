import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ConfigurationError } from '@colloquy/chat-core';
import { describe, expect, it } from 'vitest';
import type { BridgeRuntime } from './load-bridge-runtime';
import { resolveModuleUrl } from './resolve-module-url';

const runtime = {
  createRequire,
  pathToFileURL,
  cwd: () => '/nowhere',
} as unknown as BridgeRuntime;

describe('resolveModuleUrl', () => {
  it('resolves a package from parentUrl to a file URL', () => {
    const url = resolveModuleUrl('@colloquy/provider-mock', import.meta.url, runtime);
    expect(url).toMatch(/^file:\/\/.*provider-mock\/dist\/index\.c?js$/);
  });

  it('resolves a relative path from parentUrl', () => {
    const url = resolveModuleUrl('./__fixtures__/probe-models.mjs', import.meta.url, runtime);
    expect(url).toBe(new URL('./__fixtures__/probe-models.mjs', import.meta.url).href);
  });

  it('passes file URLs through and turns absolute paths into file URLs', () => {
    const url = new URL('./__fixtures__/probe-models.mjs', import.meta.url).href;
    expect(resolveModuleUrl(url, undefined, runtime)).toBe(url);
    expect(resolveModuleUrl(fileURLToPath(url), undefined, runtime)).toBe(url);
  });

  it('resolves from the working directory when no parentUrl is given', () => {
    const fixtures = new URL('./__fixtures__/', import.meta.url);
    const inFixtures = { ...runtime, cwd: () => fileURLToPath(fixtures).replace(/\/$/, '') };
    expect(resolveModuleUrl('./probe-models.mjs', undefined, inFixtures)).toBe(
      new URL('probe-models.mjs', fixtures).href,
    );
  });

  it('says where it looked when the module is missing', () => {
    const resolve = () => resolveModuleUrl('@colloquy/no-such-package', undefined, runtime);
    expect(resolve).toThrow(ConfigurationError);
    expect(resolve).toThrow(/"@colloquy\/no-such-package" from file:\/\/\/nowhere\//);
    expect(resolve).toThrow(/parentUrl: import\.meta\.url/);
  });
});
