import { Worker } from 'node:worker_threads';
import type {
  FakeProviderOptions,
  LoggedRequest,
  ProviderName,
  ScriptedReply,
} from '@colloquy/test-server';

/** The fake providers served from a worker thread, driven by messages. */
export interface FakeHost {
  baseUrlFor(name: ProviderName): string;
  enqueue(name: ProviderName, ...replies: ScriptedReply[]): Promise<void>;
  requests(name: ProviderName): Promise<LoggedRequest[]>;
  /** Queued replies not used yet. */
  pending(name: ProviderName): Promise<number>;
  reset(): Promise<void>;
  close(): Promise<void>;
}

interface Answer {
  id: number;
  ok: boolean;
  result?: unknown;
  message?: string;
}

/**
 * Starts the fakes in a worker thread. Every call waits for the worker's answer, so a reply
 * enqueued here is in place before the next request is made, even by a blocking `Chat`.
 */
export async function startFakeHost(
  providers: ReadonlyArray<readonly [ProviderName, FakeProviderOptions]>,
): Promise<FakeHost> {
  const worker = new Worker(new URL('./fake-host-worker.mjs', import.meta.url), {
    workerData: { providers },
  });
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  const ready = new Promise<{ baseUrls: Record<string, string> }>((resolve, reject) => {
    worker.once('error', reject);
    worker.once('message', resolve);
  });
  const { baseUrls } = await ready;
  worker.on('message', (answer: Answer) => {
    const entry = waiting.get(answer.id);
    if (entry === undefined) return;
    waiting.delete(answer.id);
    if (answer.ok) entry.resolve(answer.result);
    else entry.reject(new Error(answer.message));
  });
  worker.on('error', (error) => {
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  });

  function call<T>(op: string, fields: Record<string, unknown> = {}): Promise<T> {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, op, ...fields });
    });
  }

  return {
    baseUrlFor(name) {
      const url = baseUrls[name];
      if (url === undefined) throw new TypeError(`this host serves no '${name}' fake`);
      return url;
    },
    enqueue: (name, ...replies) => call('enqueue', { provider: name, replies }),
    requests: (name) => call('requests', { provider: name }),
    pending: (name) => call('pending', { provider: name }),
    reset: () => call('reset'),
    async close() {
      await call('close');
      await worker.terminate();
    },
  };
}
