import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error';
import { createMemoryStore } from '../store/create-memory-store';
import { scriptedModels, textReply } from '../test-utils/scripted-models';
import type { AsyncModels, Models } from '../types/models';
import { SPECIFICATION_VERSION } from '../types/specification-version';
import { AsyncChats, Chats } from './chats';

// A models object from an adapter built against another chat-core: the version it carries,
// or none at all when it predates the field.
function withVersion<T extends Models | AsyncModels>(models: T, version: unknown): T {
  const { specificationVersion: _, ...rest } = models;
  return (version === undefined ? rest : { ...rest, specificationVersion: version }) as T;
}

describe('the seam version (specificationVersion)', () => {
  it('is "v1"', () => {
    expect(SPECIFICATION_VERSION).toBe('v1');
  });

  it('chats run over models that speak this version, blocking and async', async () => {
    const models = scriptedModels(
      { response: textReply('sync') },
      { response: textReply('async') },
    );
    expect(models.sync.specificationVersion).toBe(SPECIFICATION_VERSION);
    expect(new Chats(models.sync).create({ model: 'm' }).sendMessage('a').text).toBe('sync');
    const chat = new AsyncChats(models.async).create({ model: 'm' });
    expect((await chat.sendMessage('b')).text).toBe('async');
  });

  it.each([
    ['none', undefined, /has no specificationVersion/],
    ['an older one', 'v0', /speaks specification "v0"/],
    ['a newer one', 'v2', /speaks specification "v2"/],
  ])('new AsyncChats() refuses models with %s, saying what to upgrade', (_, version, found) => {
    const models = withVersion(scriptedModels().async, version);
    let caught: unknown;
    try {
      new AsyncChats(models);
    } catch (error) {
      caught = error;
    }
    expect(ConfigurationError.isInstance(caught)).toBe(true);
    const message = (caught as Error).message;
    expect(message).toMatch(found);
    expect(message).toContain('new AsyncChats()');
    expect(message).toContain('speaks "v1"');
    expect(message).toMatch(/upgrade the adapter package .* or @colloquy\/chat-core/);
  });

  it('new Chats() refuses blocking models of another version the same way', () => {
    const models = withVersion(scriptedModels().sync, 'v2');
    expect(() => new Chats(models)).toThrow(ConfigurationError);
    expect(() => new Chats(models)).toThrow(/new Chats\(\) speaks specification "v2"/);
  });

  it.each([
    [undefined, 'undefined'],
    [null, 'null'],
  ])('refuses %s instead of a models object', (value, name) => {
    expect(() => new AsyncChats(value as never)).toThrow(
      new RegExp(
        `needs a models object, such as an adapter's createXAsyncModels\\(\\); got ${name}`,
      ),
    );
    expect(() => new Chats(value as never)).toThrow(/createXModels\(\)/);
  });
});

describe('AsyncChats getters', () => {
  it('expose the store and the provider name a server needs, undefined when absent', () => {
    const models = scriptedModels().async;
    const store = createMemoryStore();
    const chats = new AsyncChats({ ...models, provider: 'mock' }, { store });
    expect(chats.store).toBe(store);
    expect(chats.provider).toBe('mock');
    const bare = new AsyncChats({ ...models, provider: undefined });
    expect(bare.store).toBeUndefined();
    expect(bare.provider).toBeUndefined();
  });
});
