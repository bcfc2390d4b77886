import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSqliteStore } from '@colloquy/store-sqlite';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DemoAppOptions } from './demo-app';
import { startDemoApp } from './test-utils/start-demo-app';

// The demo keeping conversations in a store (SQLite here; run-cli opens the one --store
// names). What the chat writes is tested in chat-core and the store packages.

let cwd: string;
beforeEach(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'colloquy-demo-store-'));
});
afterEach(async () => {
  await rm(cwd, { recursive: true, force: true });
});

const start = (options: Partial<DemoAppOptions> = {}) =>
  startDemoApp(cwd, {
    store: { store: createSqliteStore({ path: join(cwd, 'chats.db') }), label: 'chats.db' },
    ...options,
  });

const ids = (out: string) => [...out.matchAll(/^[* ] ([0-9a-f]{8})/gm)].map((m) => m[1] as string);

describe('DemoApp with a store', () => {
  it('an interactive run continues the most recent conversation; a script starts a new one', async () => {
    const first = await start();
    await first.app.handleLine('remember me');
    const banner = first.app.banner().split('\n');
    expect(banner[2]).toMatch(/^New conversation [0-9a-f]{8}, kept in chats\.db\.$/);
    first.app.close();

    const second = await start({ interactive: true });
    const line = second.app.banner().split('\n')[2];
    expect(line).toBe(
      `Continuing conversation ${banner[2]?.slice(17, 25)} (1 turn) from chats.db. /sessions lists the others, /new starts another.`,
    );
    await second.app.handleLine('/history');
    expect(second.take().out).toContain('remember me');
    await second.app.handleLine('and now?');
    expect(second.take().out).toContain('you said "and now?"');
    second.app.close();

    for (const mode of ['async', 'sync'] as const) {
      const script = await start({ mode });
      expect(script.app.banner()).toContain('New conversation');
      await script.app.handleLine('/history');
      expect(script.take().out).toBe('(no turns yet)\n');
      script.app.close();
    }
  });

  it('starts a new conversation when the latest cannot be continued, saying why', async () => {
    const first = await start();
    await first.app.handleLine('soon corrupt');
    first.app.close();
    const db = new Database(join(cwd, 'chats.db'));
    db.prepare("UPDATE colloquy_turns SET record = '{'").run();
    db.close();
    const second = await start({ interactive: true });
    const [, , problem, line] = second.app.banner().split('\n');
    expect(problem).toMatch(
      /^Could not continue conversation [0-9a-f]{8} \(SessionCorruptError: Session "[0-9a-f-]{36}" holds data that does not decode/,
    );
    expect(line).toMatch(/^New conversation [0-9a-f]{8}, kept in chats\.db\.$/);
    second.app.close();
  });

  it('/sessions, /open, /fork and /new', async () => {
    const { app, take } = await start();
    await app.handleLine('/sessions');
    expect(take().out).toBe(
      'No stored conversations yet: each is written with its first message.\n',
    );
    await app.handleLine('/fork');
    expect(take().err).toBe(
      '✖ Nothing to fork yet: a conversation is written with its first message.\n',
    );
    await app.handleLine('one');
    await app.handleLine('two');
    take();
    await app.handleLine('/sessions');
    const listed = take().out;
    expect(listed).toMatch(/^\* [0-9a-f]{8} {2}2 turns {4}\d{4}-\d\d-\d\d \d\d:\d\d {2}mock-1\n$/);
    const [original] = ids(listed) as [string];

    await app.handleLine('/fork');
    expect(take().out).toMatch(
      new RegExp(
        `^Forked ${original} at 2 turns into ([0-9a-f]{8}); now continuing the fork \\(${original} stays as it was\\)\\.\\n$`,
      ),
    );
    await app.handleLine('three, in the fork');
    take();
    await app.handleLine('/sessions');
    const both = take().out;
    expect(ids(both)).toHaveLength(2);
    expect(both).toContain(`  ${original}  2 turns`);
    expect(both).toMatch(/^\* [0-9a-f]{8} {2}3 turns/);

    await app.handleLine('/new');
    expect(take().out).toMatch(/^New conversation [0-9a-f]{8}: history and usage cleared\.\n$/);
    await app.handleLine('/history');
    expect(take().out).toBe('(no turns yet)\n');

    await app.handleLine(`/open ${original.slice(0, 4)}`);
    expect(take().out).toBe(`Continuing conversation ${original} (2 turns).\n`);
    await app.handleLine('/curated');
    expect(take().out).toBe(
      'you: one\nmodel: Mock reply 1: you said "one".\nyou: two\nmodel: Mock reply 2: you said "two".\n',
    );
    await app.handleLine('/open zzzz');
    expect(take().err).toBe(
      '✖ No stored conversation has an id starting "zzzz". /sessions lists them.\n',
    );
    await app.handleLine('/open ');
    expect(take().err).toBe('✖ Usage: /open ID (see /sessions for the ids).\n');
    app.close();
  });

  it('says how to get sessions when the run keeps none', async () => {
    const { app, take } = await start({ store: undefined });
    expect(app.banner().split('\n')).toHaveLength(2);
    await app.handleLine('/sessions');
    expect(take().err).toBe(
      '✖ Conversations are not kept in this run (--no-store). Start the demo without it to use /sessions, /open and /fork.\n',
    );
  });
});
