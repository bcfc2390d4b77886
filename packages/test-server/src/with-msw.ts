import { type SetupServer, setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { FakeProvider } from './fake-provider';

/**
 * msw 2.15 (@mswjs/interceptors 0.41) tees every mocked response to emit `response:mocked`,
 * and a tee's cancel only settles once both branches are cancelled: so `body.cancel()` on a
 * mocked response never resolves (mswjs/interceptors#712, #799), which hangs any client that
 * awaits it (a `break` out of a stream, the OpenAI SDK before a retry). Cancelling the
 * event's copy as soon as it is emitted lets the client's cancel settle, and keeps the tee
 * from buffering whole streams. Call it on your own `setupServer` too.
 */
export function releaseResponseClones(server: SetupServer): void {
  server.events.on('response:mocked', ({ response }) => {
    response.body?.cancel().catch(() => {});
  });
}

/**
 * Registers vitest hooks that route `fetch` to the fakes for the current file (or
 * `describe`): listen before all tests, reset the fakes (queue, log, ids) and msw overrides
 * after each, close after all. Unhandled requests fail, so nothing reaches the network.
 */
export function useFakeProviders(...fakes: FakeProvider[]): SetupServer {
  const server = setupServer(...fakes.flatMap((fake) => fake.handlers));
  releaseResponseClones(server);
  beforeAll(() => {
    server.listen({ onUnhandledRequest: 'error' });
  });
  afterEach(() => {
    server.resetHandlers();
    for (const fake of fakes) fake.reset();
  });
  afterAll(() => {
    server.close();
  });
  return server;
}
