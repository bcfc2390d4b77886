import { describe, expect, it } from 'vitest';
import { ConfigurationError } from '../errors/configuration-error';
import { SessionBusyError } from '../errors/session-busy-error';
import { SessionNotFoundError } from '../errors/session-not-found-error';
import { createMemoryStore } from '../store/create-memory-store';
import type { SessionStore } from '../store/session-store';
import { chunksOf, scriptedModels, textReply } from '../test-utils/scripted-models';
import { AsyncChats, Chats } from './chats';

describe('the blocking Chat with a session store', () => {
  it('writes each send through store.sync and resumes exactly, blocking or async', async () => {
    const store = createMemoryStore();
    const models = scriptedModels(
      { response: textReply('one') },
      { chunks: chunksOf('str', 'eam') },
      { chunks: chunksOf('cut', 'short', 'here') },
    );
    const chats = new Chats(models.sync, { store });
    const chat = chats.create({ model: 'm', sessionId: 's', ownerId: 'o' });
    expect(chat.sessionId).toBe('s');
    expect(chat.sendMessage('hi').text).toBe('one');
    for (const _ of chat.sendMessageStream('stream'));
    for (const _ of chat.sendMessageStream('abandon')) break;
    expect(chat.getTurns().map((t) => [t.status, t.seq])).toEqual([
      ['complete', 1],
      ['complete', 2],
      ['interrupted', 3],
    ]);
    const stored = await store.load('s');
    expect(stored?.turns).toEqual(chat.getTurns());
    expect(stored?.pending).toBeUndefined();
    expect(chats.resume('s').getTurns()).toEqual(chat.getTurns());
    expect(chats.resume('s').model).toBe('m');
    expect(chats.resume('s', { model: 'other' }).model).toBe('other');
    const resumed = await new AsyncChats(models.async, { store }).resume('s');
    expect(resumed.getHistory(true)).toEqual(chat.getHistory(true));
    expect(() => chats.resume('missing')).toThrow(SessionNotFoundError);
  });

  it('fails a send on a busy session with SessionBusyError, recording nothing', async () => {
    const store = createMemoryStore();
    const models = scriptedModels({ response: textReply('one') }, { chunks: chunksOf('a', 'b') });
    const chats = new Chats(models.sync, { store });
    const chat = chats.create({ model: 'm', sessionId: 'b' });
    chat.sendMessage('first');
    const other = chats.resume('b');
    const stream = chat.sendMessageStream('long');
    stream.next();
    expect(() => other.sendMessage('now')).toThrow(SessionBusyError);
    expect(other.getTurns()).toHaveLength(1);
    for (const _ of stream);
    expect((await store.load('b'))?.turns).toHaveLength(2);
  });

  it('refuses a store without a blocking face, naming the stores that have one', () => {
    const { sync: _, ...asyncOnly } = createMemoryStore();
    const error = (() => {
      try {
        new Chats(scriptedModels().sync, { store: asyncOnly as SessionStore });
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect((error as Error).message).toBe(
      'Chats (the blocking chat) needs a store that can write without waiting: createMemoryStore() (@colloquy/chat-core/memory-store) or createSqliteStore() (@colloquy/store-sqlite). Use AsyncChats for the Redis and PostgreSQL stores.',
    );
  });
});
