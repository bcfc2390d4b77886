import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AsyncChats, Chats } from '@colloquy/chat-core';
import { createMockAsyncModels, createMockModels } from '@colloquy/provider-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { createSqliteStore } from './create-sqlite-store';

// Chats writing through SQLite across processes: what needs the real file and real
// processes. The chat lifecycle itself is tested in chat-core with the memory store.

const dirs: string[] = [];
function tempPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-sqlite-chat-'));
  dirs.push(dir);
  return join(dir, 'chats.db');
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function run(fixture: string, args: string[], onLine?: (line: string) => void) {
  const child = spawn(
    process.execPath,
    [join(import.meta.dirname, '__fixtures__', fixture), ...args],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  child.stdout.on('data', (data: Buffer) => {
    for (const line of data.toString().split('\n')) if (line) onLine?.(line);
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
  return { child, exited };
}

describe('chats on a SQLite store', () => {
  it('the blocking Chat writes through store.sync, and another process resumes it exactly', async () => {
    const path = tempPath();
    const store = createSqliteStore({ path });
    const models = createMockModels([{ text: 'Hello there.' }, { text: 'Streamed reply.' }]);
    const chat = new Chats(models, { store }).create({
      model: 'm',
      sessionId: 'sync',
      ownerId: 'o',
    });
    chat.sendMessage('hi');
    for (const _ of chat.sendMessageStream('stream please'));
    expect(chat.getTurns().map((t) => [t.status, t.seq])).toEqual([
      ['complete', 1],
      ['complete', 2],
    ]);
    await store.close();
    const reopened = createSqliteStore({ path });
    const resumed = await new AsyncChats(createMockAsyncModels(), { store: reopened }).resume(
      'sync',
    );
    expect(resumed.getTurns()).toEqual(chat.getTurns());
    expect(resumed.getHistory(true)).toEqual(chat.getHistory(true));
    const again = new Chats(createMockModels(), { store: reopened }).resume('sync');
    expect(again.getTurns()).toEqual(chat.getTurns());
    await reopened.close();
  });

  it('a chat process killed mid-stream: after the lease its turn is interrupted with a prefix of the text, and the chat goes on', async () => {
    const path = tempPath();
    // Long enough that the resume below still sees the dead writer's lease on a loaded machine.
    const leaseMs = 1_500;
    const store = createSqliteStore({ path, leaseMs });
    // About 60 word chunks, 40 ms apart: the kill comes long before the end.
    const text = 'Once upon a time, in a file far away, a turn was cut short by a signal. '.repeat(
      4,
    );
    const first = new AsyncChats(createMockAsyncModels([{ text: 'Ready.' }]), { store }).create({
      model: 'm',
      sessionId: 'killed',
    });
    await first.sendMessage('Are you there?');

    let streaming!: () => void;
    const started = new Promise<void>((resolve) => {
      streaming = resolve;
    });
    const { child, exited } = run(
      'chat-mid-stream.mjs',
      [path, 'killed', String(leaseMs), text],
      (line) => {
        if (line === 'streaming') streaming();
      },
    );
    await Promise.race([
      started,
      exited.then((code) => Promise.reject(new Error(`exited early (${code})`))),
    ]);
    // Let a checkpoint or two land after the fourth chunk, then kill without warning.
    await new Promise((resolve) => setTimeout(resolve, 80));
    child.kill('SIGKILL');
    await exited;

    // Resuming while the dead writer's lease runs: its turn is pending, not yet in the chat.
    const early = await new AsyncChats(createMockAsyncModels(), { store }).resume('killed');
    expect(early.getTurns()).toHaveLength(1);
    expect((await store.load('killed'))?.pending).toBeDefined();

    await new Promise((resolve) => setTimeout(resolve, leaseMs + 50));
    const chat = await new AsyncChats(createMockAsyncModels([{ text: 'Where was I?' }]), {
      store,
    }).resume('killed');
    const turns = chat.getTurns();
    expect(turns).toHaveLength(2);
    expect(turns[1]).toMatchObject({ seq: 2, status: 'interrupted', reason: 'lease expired' });
    expect(turns[1]?.contents[0]?.parts[0]?.text).toBe('Tell me a story.');
    const partial = turns[1]?.contents[1]?.parts[0]?.text ?? '';
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(text.length);
    expect(text.startsWith(partial)).toBe(true);
    // Interrupted turns stay out of the curated history.
    expect(chat.getHistory(true)).toHaveLength(2);

    expect((await chat.sendMessage('Go on.')).text).toBe('Where was I?');
    expect(chat.getTurns().map((t) => t.status)).toEqual(['complete', 'interrupted', 'complete']);
    await store.close();
  }, 20_000);
});
