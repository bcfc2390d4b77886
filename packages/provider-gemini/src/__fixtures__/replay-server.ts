import { Worker } from 'node:worker_threads';

/** One scripted HTTP exchange: what the client must ask for, and the answer. */
export interface ReplayExchange {
  /** Path and query after the base URL, e.g. `/v1beta/models/x:generateContent`. */
  url: string;
  status: number;
  /** Send `segments` as SSE events (one per segment) rather than one JSON body. */
  stream: boolean;
  segments: unknown[];
}

export interface LoggedRequest {
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

export interface ReplayServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The base URL serving `scenario` afresh; `run` keeps separate runs apart. */
  baseUrl(run: string, scenario: string): string;
  /** What the clients of one base URL sent, in order. */
  requests(run: string, scenario: string): Promise<LoggedRequest[]>;
  close(): Promise<void>;
}

/** Starts `replay-server-worker.mjs` in a worker thread (see there why a worker). */
export async function startReplayServer(
  scenarios: Record<string, ReplayExchange[]>,
): Promise<ReplayServer> {
  const worker = new Worker(new URL('./replay-server-worker.mjs', import.meta.url), {
    workerData: { scenarios },
  });
  const port = await new Promise<number>((resolve, reject) => {
    worker.once('message', (message: { port: number }) => resolve(message.port));
    worker.once('error', reject);
  });
  const origin = `http://127.0.0.1:${port}`;
  const path = (run: string, scenario: string) =>
    `/${encodeURIComponent(run)}/${encodeURIComponent(scenario)}`;
  return {
    origin,
    baseUrl: (run, scenario) => `${origin}${path(run, scenario)}`,
    async requests(run, scenario) {
      const response = await fetch(`${origin}/__requests${path(run, scenario)}`);
      return (await response.json()) as LoggedRequest[];
    },
    async close() {
      await worker.terminate();
    },
  };
}
