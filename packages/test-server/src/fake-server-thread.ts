import { Worker } from 'node:worker_threads';
import type { FakeProviderOptions } from './fake-provider';
import type { LoggedRequest } from './logged-request';
import type { ProviderName } from './provider-name';
import type { ScriptedReply } from './scripted-reply';

/**
 * Fake providers on 127.0.0.1, served from a worker thread and driven by messages. Use it
 * where msw cannot reach (a blocking `Chat`, whose requests leave from a worker) or where the
 * test's thread cannot serve: a blocking call parks that thread until the answer comes.
 */
export interface FakeServerThread {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  /** The base URL the provider's adapter takes (OpenAI's includes `/v1`). */
  baseUrlFor(name: ProviderName): string;
  /** Queues replies for one fake; resolves once they are in place, before any request. */
  enqueue(name: ProviderName, ...replies: ScriptedReply[]): Promise<void>;
  /** Every request that fake received since the last reset, oldest first. */
  requests(name: ProviderName): Promise<LoggedRequest[]>;
  /** How many of that fake's queued replies are still unused. */
  pending(name: ProviderName): Promise<number>;
  /** Empties every fake's queue and log. */
  reset(): Promise<void>;
  /** Stops the server and the thread. */
  close(): Promise<void>;
}

interface Answer {
  id: number;
  ok: boolean;
  result?: unknown;
  message?: string;
}

/** Starts one fake per named provider, with its options, in a new worker thread. */
export async function startFakeServerThread(
  providers: Partial<Record<ProviderName, FakeProviderOptions>>,
): Promise<FakeServerThread> {
  // A plain .mjs beside this module (src/ or dist/): Node loads worker files without any
  // TypeScript transform.
  const worker = new Worker(new URL('./fake-server-thread-worker.mjs', import.meta.url), {
    workerData: { providers },
  });
  const { url, baseUrls } = await new Promise<{ url: string; baseUrls: Record<string, string> }>(
    (resolve, reject) => {
      worker.once('error', reject);
      worker.once('message', (ready: { url: string; baseUrls: Record<string, string> }) => {
        worker.off('error', reject);
        resolve(ready);
      });
    },
  );
  const waiting = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 0;
  // The thread keeps the process alive only while a call waits for its answer: between calls
  // it holds nothing, so a process can still be checked for handles the library leaves.
  worker.unref();
  worker.on('message', (answer: Answer) => {
    const entry = waiting.get(answer.id);
    if (entry === undefined) return;
    waiting.delete(answer.id);
    if (waiting.size === 0) worker.unref();
    if (answer.ok) entry.resolve(answer.result);
    else entry.reject(new Error(`fake server thread: ${answer.message}`));
  });
  worker.on('error', (error) => {
    for (const entry of waiting.values()) entry.reject(error);
    waiting.clear();
  });

  function call<T>(op: string, fields: Record<string, unknown> = {}): Promise<T> {
    const id = nextId++;
    return new Promise<T>((resolve, reject) => {
      if (waiting.size === 0) worker.ref();
      waiting.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ id, op, ...fields });
    });
  }

  return {
    url,
    baseUrlFor(name) {
      const baseUrl = baseUrls[name];
      if (baseUrl === undefined) throw new TypeError(`this thread serves no '${name}' fake`);
      return baseUrl;
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
