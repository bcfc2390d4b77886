import { describe, expect, it } from 'vitest';
import { InvalidMessageError } from '../errors/invalid-message-error';
import { chunksOf, scriptedModels, textReply } from '../test-utils/scripted-models';
import type { Content } from '../types/content';
import { AsyncChats, Chats } from './chats';

const u = (text: string): Content => ({ role: 'user', parts: [{ text }] });
const m = (text: string): Content => ({ role: 'model', parts: [{ text }] });

describe('AsyncChat ordering (rule 7)', () => {
  it('records 20 concurrent sends in call order', async () => {
    const models = scriptedModels();
    const delays = Array.from({ length: 20 }, (_, i) => (i * 7) % 5);
    // A transport whose answers arrive out of order if sends were not serialised.
    const transport = {
      ...models.async,
      async generateContent(params: Parameters<typeof models.async.generateContent>[0]) {
        const last = params.contents[params.contents.length - 1];
        const n = Number(last?.parts[0]?.text);
        await new Promise((resolve) => setTimeout(resolve, delays[n]));
        models.push({ response: textReply(`reply ${n}`) });
        return models.async.generateContent(params);
      },
    };
    const chat = new AsyncChats(transport).create({ model: 'm' });
    const replies = await Promise.all(delays.map((_, i) => chat.sendMessage(String(i))));
    expect(replies.map((r) => r.text)).toEqual(delays.map((_, i) => `reply ${i}`));
    const expected = delays.flatMap((_, i) => [u(String(i)), m(`reply ${i}`)]);
    expect(chat.getHistory()).toEqual(expected);
    // Each request carried exactly the turns before it.
    expect(models.requests.map((r) => r.contents.length)).toEqual(delays.map((_, i) => 2 * i + 1));
  });

  it('a stream holds the queue until consumed; the next send waits for it', async () => {
    const models = scriptedModels({ chunks: chunksOf('a', 'b') }, { response: textReply('after') });
    const chat = new AsyncChats(models.async).create({ model: 'm' });
    const stream = await chat.sendMessageStream('first');
    const next = chat.sendMessage('second');
    let settled = false;
    void next.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(settled).toBe(false);
    for await (const _ of stream) {
      // consume
    }
    expect((await next).text).toBe('after');
    expect(chat.getHistory()).toEqual([u('first'), m('ab'), u('second'), m('after')]);
  });

  it('a stream abandoned before its first chunk releases the queue and records nothing', async () => {
    const models = scriptedModels({ chunks: chunksOf('a') }, { response: textReply('next') });
    const chat = new AsyncChats(models.async).create({ model: 'm' });
    const stream = await chat.sendMessageStream('first');
    await stream.return(undefined);
    expect((await chat.sendMessage('second')).text).toBe('next');
    expect(chat.getHistory()).toEqual([u('second'), m('next')]);
  });

  it('a failed send never blocks the next one nor leaves an unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const models = scriptedModels(
        { error: new Error('boom') },
        { error: new Error('boom2') },
        { response: textReply('ok') },
      );
      const chat = new AsyncChats(models.async).create({ model: 'm' });
      const first = chat.sendMessage('a');
      const second = chat.sendMessageStream('b');
      const third = chat.sendMessage('c');
      await expect(first).rejects.toThrow('boom');
      await expect(second).rejects.toThrow('boom2');
      expect((await third).text).toBe('ok');
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('sending messages', () => {
  it.each([
    ['a string', 'hi', [{ text: 'hi' }]],
    ['a Part', { text: 'hi' }, [{ text: 'hi' }]],
    [
      'an inline data Part',
      { inlineData: { mimeType: 'image/png', data: 'AAAA' } },
      [{ inlineData: { mimeType: 'image/png', data: 'AAAA' } }],
    ],
    ['an array of strings and Parts', ['a', { text: 'b' }], [{ text: 'a' }, { text: 'b' }]],
    ['the @google/genai form', { message: 'hi' }, [{ text: 'hi' }]],
    [
      'the @google/genai form with an array',
      { message: ['x', 'y'] },
      [{ text: 'x' }, { text: 'y' }],
    ],
  ])('accepts %s', async (_name, message, parts) => {
    const models = scriptedModels({ response: textReply('ok') });
    const chat = new AsyncChats(models.async).create({ model: 'm' });
    await chat.sendMessage(message as never);
    expect(models.requests[0]?.contents).toEqual([{ role: 'user', parts }]);
  });

  it.each([
    ['a number', 42],
    ['an empty string', ''],
    ['an empty array', []],
    ['an empty Part', {}],
    ['null', null],
    ['an array holding a number', ['a', 1]],
  ])('rejects %s with InvalidMessageError, recording nothing', async (_name, message) => {
    const models = scriptedModels({ response: textReply('ok') });
    const chat = new AsyncChats(models.async).create({ model: 'm' });
    const error = await chat.sendMessage(message as never).catch((e: unknown) => e);
    expect(InvalidMessageError.isInstance(error)).toBe(true);
    expect((error as Error).message).toMatch(/Invalid message/);
    expect(() =>
      new Chats(models.sync).create({ model: 'm' }).sendMessage(message as never),
    ).toThrow(InvalidMessageError);
    expect(models.requests).toHaveLength(0);
    expect(chat.getHistory()).toEqual([]);
  });

  it('a config given to one send replaces the chat config for that call only', async () => {
    const models = scriptedModels(
      { response: textReply('1') },
      { response: textReply('2') },
      { response: textReply('3') },
    );
    const chat = new AsyncChats(models.async).create({
      model: 'm',
      config: { temperature: 0.1, topK: 3 },
    });
    await chat.sendMessage('a', { temperature: 0.9 });
    await chat.sendMessage({ message: 'b', config: { maxOutputTokens: 5 } });
    await chat.sendMessage('c');
    expect(models.requests.map((r) => r.config)).toEqual([
      { temperature: 0.9 },
      { maxOutputTokens: 5 },
      { temperature: 0.1, topK: 3 },
    ]);
  });

  it('the @google/genai call forms work on the blocking Chat and on streams', async () => {
    const models = scriptedModels({ response: textReply('1') }, { chunks: chunksOf('2') });
    const chat = new Chats(models.sync).create({ model: 'm' });
    expect(chat.sendMessage({ message: 'a', config: { temperature: 0 } }).text).toBe('1');
    const texts = [...chat.sendMessageStream({ message: 'b' })].map((c) => c.text ?? '');
    expect(texts.join('')).toBe('2');
    expect(models.requests[0]?.config).toEqual({ temperature: 0 });
  });

  it('a message Part is copied: changing it after the send does not reach the history', async () => {
    const models = scriptedModels({ response: textReply('ok') });
    const chat = new AsyncChats(models.async).create({ model: 'm' });
    const part = { text: 'original' };
    await chat.sendMessage(part);
    part.text = 'changed';
    expect(chat.getHistory()[0]).toEqual(u('original'));
  });
});

describe('Chat (blocking) specifics', () => {
  it('refuses a send while a stream is open, and recovers once it is consumed', () => {
    const models = scriptedModels({ chunks: chunksOf('a') }, { response: textReply('b') });
    const chat = new Chats(models.sync).create({ model: 'm' });
    const stream = chat.sendMessageStream('one');
    expect(() => chat.sendMessage('two')).toThrow(/open stream/);
    for (const _ of stream) {
      // consume
    }
    expect(chat.sendMessage('two').text).toBe('b');
  });
});

describe('restoring a session from its turns', () => {
  it('keeps interrupted turns out of the curated history after a save and load', async () => {
    const models = scriptedModels(
      { response: textReply('one') },
      { chunks: chunksOf('par', 'tial'), failAfter: 1 },
    );
    const chat = new AsyncChats(models.async).create({ model: 'm' });
    await chat.sendMessage('a');
    await expect(
      (async () => {
        for await (const _ of await chat.sendMessageStream('b')) {
          // consume
        }
      })(),
    ).rejects.toThrow();
    const saved = JSON.parse(JSON.stringify(chat.getTurns()));
    const restored = new AsyncChats(models.async).create({ model: 'm', turns: saved });
    expect(restored.getHistory()).toEqual(chat.getHistory());
    expect(restored.getHistory(true)).toEqual([u('a'), m('one')]);
    expect(restored.getTurns()).toEqual(chat.getTurns());
  });
});
