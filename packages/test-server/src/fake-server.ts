import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { FakeProvider } from './fake-provider';
import type { ProviderName } from './provider-name';
import type { BodyStep, ResponsePlan } from './response-plan';
import { unrefTimeout } from './unref-timer';

export interface FakeServerOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
}

export interface FakeServer {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  /** The base URL each official SDK expects: OpenAI's includes `/v1`, Gemini's and Anthropic's don't. */
  baseUrlFor(name: ProviderName): string;
  /** Stops listening, cancels pending timers and destroys open sockets. */
  close(): Promise<void>;
}

/** Consecutive writes are sent together up to this size, as a real server's buffers would. */
const coalesceBytes = 64 * 1024;

function headersOf(request: IncomingMessage): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value !== undefined) record[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return record;
}

function destroyWithReset(socket: Socket | null | undefined): void {
  if (socket === null || socket === undefined || socket.destroyed) return;
  // A TCP RST, as a crashed upstream gives; a plain destroy would be an orderly close.
  if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
  else socket.destroy();
}

/** Serves the fakes on a real socket, for clients msw cannot reach (worker threads, other processes). */
export async function startFakeServer(
  fakes: FakeProvider | readonly FakeProvider[],
  options: FakeServerOptions = {},
): Promise<FakeServer> {
  const list: readonly FakeProvider[] = Array.isArray(fakes) ? fakes : [fakes as FakeProvider];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let closing = false;

  const wait = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      if (ms <= 0 || closing) return resolve();
      const timer = unrefTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  async function writeBody(response: ServerResponse, steps: readonly BodyStep[]): Promise<void> {
    let pending: (string | Uint8Array)[] = [];
    let pendingBytes = 0;
    /** Writes what is pending; `handedOver` waits until the bytes reached the kernel. */
    const flush = (handedOver = false): Promise<void> => {
      if (pending.length === 0) return Promise.resolve();
      const chunk =
        pending.length === 1 && pending[0] !== undefined
          ? pending[0]
          : Buffer.concat(
              pending.map((part) => (typeof part === 'string' ? Buffer.from(part) : part)),
            );
      pending = [];
      pendingBytes = 0;
      return new Promise<void>((resolve) => {
        const done = () => {
          response.off('close', done);
          response.off('drain', done);
          resolve();
        };
        response.once('close', done);
        const flowing = response.write(chunk, () => {
          if (handedOver) done();
        });
        if (handedOver) return;
        if (flowing) done();
        else response.once('drain', done);
      });
    };
    for (const step of steps) {
      if (closing || response.destroyed) return;
      if ('write' in step) {
        pending.push(step.write);
        pendingBytes += step.write.length;
        if (pendingBytes >= coalesceBytes) await flush();
        continue;
      }
      if ('pauseMs' in step) {
        await flush();
        await wait(step.pauseMs);
        continue;
      }
      // Mid-body the connection is closed at once rather than reset: a TCP reset would make
      // the client's kernel drop the events already sent, and the cut must land after them.
      await flush(true);
      response.socket?.destroy();
      return;
    }
    await flush();
    response.end();
  }

  async function carryOut(plan: ResponsePlan, request: IncomingMessage, response: ServerResponse) {
    await wait(plan.delayMs);
    if (closing) return;
    if (plan.kind === 'reset') {
      destroyWithReset(request.socket);
      return;
    }
    const headers: Record<string, string> = { ...plan.headers };
    const plain = plan.body.every((step) => 'write' in step);
    if (plain && !(headers['content-type'] ?? '').startsWith('text/event-stream')) {
      let length = 0;
      for (const step of plan.body) {
        if ('write' in step)
          length +=
            typeof step.write === 'string' ? Buffer.byteLength(step.write) : step.write.length;
      }
      headers['content-length'] = String(length);
    }
    response.writeHead(plan.status, headers);
    // Headers go out now, so a fault right after them is seen after the response started.
    response.flushHeaders();
    await writeBody(response, plan.body);
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const incoming = {
        method: request.method ?? 'GET',
        url,
        headers: headersOf(request),
        bodyText: Buffer.concat(chunks).toString('utf8'),
      };
      let plan: ResponsePlan | undefined;
      for (const fake of list) {
        plan = fake.handle(incoming);
        if (plan !== undefined) break;
      }
      if (plan === undefined) {
        const message = `@colloquy/test-server: no fake provider serves ${incoming.method} ${url.pathname}`;
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { message } }));
        return;
      }
      carryOut(plan, request, response).catch(() => destroyWithReset(request.socket));
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const url = `http://${host}:${address.port}`;

  return {
    url,
    baseUrlFor(name) {
      const fake = list.find((candidate) => candidate.name === name);
      if (fake === undefined) throw new TypeError(`This server has no '${name}' fake`);
      return url + fake.emulation.sdkBasePath;
    },
    close() {
      closing = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      for (const socket of sockets) socket.destroy();
      return new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
      });
    },
  };
}
