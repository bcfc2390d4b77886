import { Worker } from 'node:worker_threads';
import type { LoggedRequest, ProviderName, ScriptedReply } from '@colloquy/test-server';

/** A fake provider served on 127.0.0.1 from a worker thread, driven by messages. */
export interface FakeServerThread {
  /** The base URL the provider's adapter takes. */
  readonly baseUrl: string;
  enqueue(replies: ScriptedReply[]): Promise<void>;
  requests(): Promise<LoggedRequest[]>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; message: string };

export async function startFakeServerThread(
  provider: ProviderName,
  apiKey: string,
): Promise<FakeServerThread> {
  const worker = new Worker(new URL('./fake-server-worker.mjs', import.meta.url), {
    workerData: { provider, apiKey },
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  const baseUrl = await new Promise<string>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', (message: { baseUrl: string }) => {
      worker.off('error', reject);
      resolve(message.baseUrl);
    });
  });
  worker.on('message', (message: Reply) => {
    const waiter = pending.get(message.id);
    pending.delete(message.id);
    if (message.ok) waiter?.resolve(message.value);
    else waiter?.reject(new Error(`fake server thread: ${message.message}`));
  });
  worker.on('error', (error) => {
    for (const waiter of pending.values()) waiter.reject(error);
    pending.clear();
  });

  function call(op: string, replies?: ScriptedReply[]): Promise<unknown> {
    nextId += 1;
    const id = nextId;
    return new Promise((resolve, reject) => {
      pending.set(id, { resolve, reject });
      worker.postMessage({ id, op, replies });
    });
  }

  return {
    baseUrl,
    async enqueue(replies) {
      await call('enqueue', replies);
    },
    async requests() {
      return (await call('requests')) as LoggedRequest[];
    },
    async reset() {
      await call('reset');
    },
    async close() {
      await call('close');
      await worker.terminate();
    },
  };
}
