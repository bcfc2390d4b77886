import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { EventSourceParserStream } from 'eventsource-parser/stream';
import { createClient } from 'redis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';

// Two server processes, built from dist, sharing one Redis for the session store and the
// stream log: what a deployment behind a load balancer does.
const url = process.env.COLLOQUY_REDIS_URL ?? 'redis://127.0.0.1:6379';
const fixture = join(import.meta.dirname, '__fixtures__/serve-instance.mjs');

const admin = createClient({ url, socket: { connectTimeout: 3_000, reconnectStrategy: false } });
admin.on('error', () => {});
const available = await admin.connect().then(
  () => true,
  () => false,
);
if (!available) {
  const hint = `Redis is not reachable at ${url}: start it (redis-server --daemonize yes) or set COLLOQUY_REDIS_URL.`;
  if (process.env.CI === 'true') throw new Error(hint);
  console.warn(`Skipping the two-instance tests. ${hint}`);
}

const keyPrefix = `colloquy-test:${randomBytes(6).toString('hex')}:`;
const children = new Set<ChildProcess>();

afterEach(async () => {
  await Promise.all(
    [...children].map(async (child) => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        await once(child, 'exit');
      }
    }),
  );
  children.clear();
});

afterAll(async () => {
  if (!admin.isOpen) return;
  const keys: string[] = [];
  for await (const batch of admin.scanIterator({ MATCH: `${keyPrefix}*`, COUNT: 500 })) {
    keys.push(...batch);
  }
  if (keys.length > 0) await admin.del(keys);
  await admin.close();
});

interface Instance {
  url: string;
  process: ChildProcess;
}

/** A server process whose every reply is `words` words, one chunk each, 40 ms apart. */
async function startInstance(words = 60): Promise<Instance> {
  const child = spawn(process.execPath, [fixture], {
    env: {
      ...process.env,
      COLLOQUY_REDIS_URL: url,
      KEY_PREFIX: keyPrefix,
      LEASE_MS: '1500',
      REPLY_WORDS: String(words),
      CHUNK_DELAY_MS: '40',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.add(child);
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`The server instance exited with ${code} before listening.`);
  });
  const [first] = (await Promise.race([once(lines, 'line'), exited])) as [string];
  return { url: (JSON.parse(first) as { url: string }).url, process: child };
}

const owner = { 'x-owner': 'alice' };

async function api(base: string, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(base + path, {
    ...init,
    headers: { ...owner, 'content-type': 'application/json', ...init.headers },
  });
}

interface SseEvent {
  id: string;
  event: string;
  data: string;
}

/** The events of an SSE response, one at a time; stop reading (disconnect) with `return`. */
async function* events(response: Response): AsyncGenerator<SseEvent> {
  expect(response.status).toBe(200);
  const stream = (response.body as ReadableStream<Uint8Array>)
    .pipeThrough(new TextDecoderStream() as unknown as TransformStream<Uint8Array, string>)
    .pipeThrough(new EventSourceParserStream());
  const reader = stream.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      yield { id: value.id ?? '', event: value.event ?? 'message', data: value.data };
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}

/** The text a chunk event carries (a `GenerateContentResponse` as JSON). */
function chunkText(event: SseEvent): string {
  const chunk = JSON.parse(event.data) as {
    candidates?: Array<{ content?: { parts?: Array<{ text?: string }> } }>;
  };
  return (chunk.candidates?.[0]?.content?.parts ?? []).map((part) => part.text ?? '').join('');
}

interface TurnRecord {
  seq: number;
  status: string;
  contents: Array<{ role: string; parts: Array<{ text?: string }> }>;
}

const modelText = (turn: TurnRecord) =>
  turn.contents
    .filter((content) => content.role === 'model')
    .flatMap((content) => content.parts.map((part) => part.text ?? ''))
    .join('');

async function newSession(base: string): Promise<string> {
  const response = await api(base, '/sessions', { method: 'POST', body: '{}' });
  expect(response.status).toBe(201);
  return ((await response.json()) as { sessionId: string }).sessionId;
}

/** Sends a message and reads the reply's first `count` events, then disconnects. */
async function sendAndLeave(base: string, sessionId: string, count: number) {
  const response = await api(base, `/sessions/${sessionId}/messages`, {
    method: 'POST',
    body: JSON.stringify({ message: 'Tell me a long story.' }),
  });
  const turn = Number(response.headers.get('x-colloquy-turn'));
  const seen: SseEvent[] = [];
  for await (const event of events(response)) {
    seen.push(event);
    if (seen.length === count) break; // the client goes away; the turn must go on
  }
  return { turn, seen };
}

const describeServer = available ? describe : describe.skip;

describeServer('two server instances sharing Redis', () => {
  it('a reply started on A is resumed on B mid-stream: the same final text, no event twice', async () => {
    const [a, b] = await Promise.all([startInstance(), startInstance()]);
    const sessionId = await newSession(a.url);
    const { turn, seen } = await sendAndLeave(a.url, sessionId, 5);
    expect(seen.map((event) => event.id)).toEqual([1, 2, 3, 4, 5].map((n) => `${turn}.${n}`));

    const resumed = await api(b.url, `/sessions/${sessionId}/stream`, {
      headers: { 'last-event-id': `${turn}.5` },
    });
    const rest: SseEvent[] = [];
    for await (const event of events(resumed)) rest.push(event);

    const all = [...seen, ...rest];
    expect(all.map((event) => event.id)).toEqual(all.map((_, i) => `${turn}.${i + 1}`));
    expect(all.slice(0, -1).every((event) => event.event === 'chunk')).toBe(true);
    const done = all.at(-1) as SseEvent;
    expect(done.event).toBe('done');
    const record = JSON.parse(done.data) as TurnRecord;
    expect(record.status).toBe('complete');
    const streamed = all.slice(0, -1).map(chunkText).join('');
    expect(streamed).toBe(modelText(record));
    expect(streamed.split(' ')).toHaveLength(60);

    // And the store has the same turn, read through either instance.
    const loaded = (await (await api(a.url, `/sessions/${sessionId}`)).json()) as {
      turns: TurnRecord[];
    };
    expect(loaded.turns.map(modelText)).toEqual([streamed]);
  });

  it('kill -9 of A mid-stream: B ends the turn as interrupted once the lease expires, and the next message works', async () => {
    // A long reply (6 s), so that A is still streaming when it is killed, even on a slow machine.
    const [a, b] = await Promise.all([startInstance(150), startInstance(150)]);
    const sessionId = await newSession(a.url);
    const { turn, seen } = await sendAndLeave(a.url, sessionId, 3);
    a.process.kill('SIGKILL');
    await once(a.process, 'exit');

    const resumed = await api(b.url, `/sessions/${sessionId}/stream`, {
      headers: { 'last-event-id': `${turn}.3` },
    });
    const rest: SseEvent[] = [];
    for await (const event of events(resumed)) rest.push(event);
    const all = [...seen, ...rest];
    expect(all.map((event) => event.id)).toEqual(all.map((_, i) => `${turn}.${i + 1}`));
    const done = all.at(-1) as SseEvent;
    expect(done.event).toBe('done');
    const record = JSON.parse(done.data) as TurnRecord;
    expect(record.status).toBe('interrupted');
    // What A streamed before it died is the start of the reply, and holds what the store
    // recovered from A's last checkpoint.
    const streamed = all
      .filter((event) => event.event === 'chunk')
      .map(chunkText)
      .join('');
    const full = Array.from({ length: 150 }, (_, i) => `word${i + 1}`).join(' ');
    expect(full.length).toBeGreaterThan(streamed.length);
    expect(full.startsWith(streamed)).toBe(true);
    expect(streamed.startsWith(modelText(record))).toBe(true);

    const next = await api(b.url, `/sessions/${sessionId}/messages`, {
      method: 'POST',
      body: JSON.stringify({ message: 'Again, please.' }),
    });
    const nextTurn = Number(next.headers.get('x-colloquy-turn'));
    expect(nextTurn).toBe(turn + 1);
    const reply: SseEvent[] = [];
    for await (const event of events(next)) reply.push(event);
    const nextRecord = JSON.parse((reply.at(-1) as SseEvent).data) as TurnRecord;
    expect(nextRecord.status).toBe('complete');

    const loaded = (await (await api(b.url, `/sessions/${sessionId}`)).json()) as {
      turns: TurnRecord[];
    };
    expect(loaded.turns.map((t) => t.status)).toEqual(['interrupted', 'complete']);
  });
});
