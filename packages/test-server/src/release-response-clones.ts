import type { SetupServer } from 'msw/node';

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
