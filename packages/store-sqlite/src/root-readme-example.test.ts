// The example in the repository's root README ("Persistent sessions"), kept here so that it
// cannot rot. The "another process" is a second store on the same file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncChats, functionTool } from '@colloquy/chat-core';
import { createMockAsyncModels } from '@colloquy/provider-mock';
import { afterAll, expect, it } from 'vitest';
import { createSqliteStore } from './index';

const dir = mkdtempSync(join(tmpdir(), 'colloquy-readme-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('persists a chat and resumes it exactly in another process', async () => {
  const path = join(dir, 'chats.db');
  const models = createMockAsyncModels([{ text: 'Hello! How can I help?' }]);
  const model = 'mock-1';
  const lookup = functionTool({
    name: 'lookup_order',
    parameters: { type: 'object' },
    handler: () => ({ status: 'shipped' }),
  });
  const config = { temperature: 0.2, tools: [lookup] };

  const chats = new AsyncChats(models, { store: createSqliteStore({ path }) });
  const chat = chats.create({ model, config, sessionId: 'support-42', ownerId: 'user-7' });
  await chat.sendMessage('hi');

  const elsewhere = new AsyncChats(createMockAsyncModels(), { store: createSqliteStore({ path }) });
  const again = await elsewhere.resume('support-42', { config });
  expect(again.getTurns()).toEqual(chat.getTurns());
  expect(again.getHistory()).toEqual(chat.getHistory());
  expect(again.config).toEqual(config);
});
