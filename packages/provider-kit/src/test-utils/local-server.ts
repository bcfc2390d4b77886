import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface LocalServer {
  url: string;
  /** Resolves when the socket of the most recent request closes. */
  socketClosed(): Promise<void>;
  requests: number;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 for faults a fake fetch cannot show (resets, real sockets). */
export async function startLocalServer(
  handler: (req: IncomingMessage, res: ServerResponse, count: number) => void,
): Promise<LocalServer> {
  const sockets = new Set<Socket>();
  let lastSocketClosed: Promise<void> = Promise.resolve();
  const state = { requests: 0 };
  const server = createServer((req, res) => {
    state.requests++;
    const socket = req.socket;
    lastSocketClosed = new Promise((resolve) => {
      if (socket.destroyed) resolve();
      else socket.once('close', () => resolve());
    });
    // Drain the request body before answering, like a real API.
    req.resume();
    req.on('end', () => handler(req, res, state.requests));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1/generate`,
    socketClosed: () => lastSocketClosed,
    get requests() {
      return state.requests;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
