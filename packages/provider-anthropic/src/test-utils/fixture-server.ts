import type { IncomingHttpHeaders } from 'node:http';
import { Worker } from 'node:worker_threads';

export interface FixtureReply {
  status?: number;
  /** The content-type header. */
  type: string;
  body: string;
}

export interface ReceivedRequest {
  url: string;
  headers: IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FixtureServer {
  /** `http://127.0.0.1:<port>` */
  baseUrl: string;
  /** Queues replies, answered in order. */
  enqueue(...replies: FixtureReply[]): Promise<void>;
  /** The requests received since the last call. */
  takeRequests(): Promise<ReceivedRequest[]>;
  close(): Promise<void>;
}

/** Starts `fixture-server-worker.mjs` in a worker thread (see there why a worker). */
export async function startFixtureServer(): Promise<FixtureServer> {
  const worker = new Worker(new URL('./fixture-server-worker.mjs', import.meta.url));
  const next = (type: string) =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      const onMessage = (message: Record<string, unknown>) => {
        if (message.type !== type) return;
        worker.off('message', onMessage);
        worker.off('error', reject);
        resolve(message);
      };
      worker.on('message', onMessage);
      worker.once('error', reject);
    });
  const { port } = await next('listening');
  return {
    baseUrl: `http://127.0.0.1:${String(port)}`,
    async enqueue(...replies) {
      const done = next('enqueued');
      worker.postMessage({ type: 'enqueue', replies });
      await done;
    },
    async takeRequests() {
      const reply = next('requests');
      worker.postMessage({ type: 'requests' });
      return (await reply).requests as ReceivedRequest[];
    },
    async close() {
      await worker.terminate();
    },
  };
}
