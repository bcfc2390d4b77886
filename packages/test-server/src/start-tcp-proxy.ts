import { connect, createServer, type Server, type Socket } from 'node:net';

/**
 * A loopback TCP proxy in front of a server (Redis, PostgreSQL), to take the server away from
 * a client under test without touching the shared server itself: `hold` stops forwarding what the store sends, `cut`
 * drops every connection and refuses new ones, `restore` listens again on the same port.
 */
export interface TcpProxy {
  readonly port: number;
  hold(): void;
  cut(): Promise<void>;
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<Socket>();
  let held = false;
  const server: Server = createServer((downstream) => {
    const upstream = connect(target.port, target.host);
    for (const socket of [downstream, upstream]) {
      sockets.add(socket);
      socket.on('error', () => {});
      socket.on('close', () => {
        sockets.delete(socket);
        downstream.destroy();
        upstream.destroy();
      });
    }
    downstream.on('data', (data) => {
      if (!held) upstream.write(data);
    });
    upstream.pipe(downstream);
  });
  const listen = (port: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  await listen(0);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const cut = async () => {
    for (const socket of sockets) socket.destroy();
    if (server.listening) await new Promise((resolve) => server.close(resolve));
  };
  return {
    port,
    hold: () => {
      held = true;
    },
    cut,
    restore: async () => {
      held = false;
      await listen(port);
    },
    close: cut,
  };
}
