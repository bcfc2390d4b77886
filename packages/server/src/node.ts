import { serve } from '@hono/node-server';
import type { ChatHandler } from './handler/chat-handler-options';

export interface ServeNodeOptions {
  /** Default 0: any free port (read it from `url`). */
  port?: number;
  /** Default `127.0.0.1`: only this machine. Use `0.0.0.0` to listen on every interface. */
  hostname?: string;
}

export interface NodeServer {
  /** Where it listens, e.g. `http://127.0.0.1:51234`. */
  url: string;
  /** Stops listening and ends open connections. */
  close(): Promise<void>;
}

/** Serves a `createChatHandler` handler on Node's HTTP server (through `@hono/node-server`). */
export function serveNode(
  handler: ChatHandler,
  options: ServeNodeOptions = {},
): Promise<NodeServer> {
  const hostname = options.hostname ?? '127.0.0.1';
  return new Promise((resolve, reject) => {
    const server = serve({ fetch: handler, port: options.port ?? 0, hostname }, (info) => {
      const host = info.family === 'IPv6' ? `[${info.address}]` : info.address;
      resolve({
        url: `http://${host}:${info.port}`,
        close: () =>
          new Promise<void>((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            // Open SSE streams would hold close() until they end.
            if ('closeAllConnections' in server) server.closeAllConnections();
          }),
      });
    });
    server.once('error', reject);
  });
}
