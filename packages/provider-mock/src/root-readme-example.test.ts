// The example in the repository's root README ("Testing your own chat code with the mock"),
// kept here so that it cannot rot.
import { AsyncChats } from '@colloquy/chat-core';
import { expect, it } from 'vitest';
import { createMockAsyncModels } from './index';

it('greets, then survives a rate limit', async () => {
  const models = createMockAsyncModels([
    { text: 'Hello! How can I help?' },
    { error: { name: 'RateLimitError', retryAfterMs: 30_000 } },
  ]);
  const chat = new AsyncChats(models).create({ model: 'any' });

  expect((await chat.sendMessage('hi')).text).toBe('Hello! How can I help?');
  await expect(chat.sendMessage('again')).rejects.toMatchObject({ name: 'RateLimitError' });
  expect(chat.getHistory(true)).toHaveLength(2); // the failed send left no trace
  expect(models.requests[1]?.contents).toHaveLength(3); // history + the new message
});
