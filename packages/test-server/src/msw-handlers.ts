import { HttpResponse, http, type RequestHandler } from 'msw';
import type { FakeProvider } from './fake-provider';
import type { BodyStep, ResponsePlan } from './response-plan';
import { unrefTimeout } from './unref-timer';

const encoder = new TextEncoder();

function headersToRecord(headers: Headers): Record<string, string> {
  const record: Record<string, string> = {};
  headers.forEach((value, name) => {
    record[name.toLowerCase()] = value;
  });
  return record;
}

function sleep(ms: number): Promise<void> {
  return ms <= 0 ? Promise.resolve() : new Promise((resolve) => unrefTimeout(resolve, ms));
}

/**
 * A body that follows the plan's steps: each write is one chunk, a pause delays the next
 * pull, a reset errors the stream like undici does when a socket dies mid-body.
 */
function bodyStream(steps: readonly BodyStep[]): ReadableStream<Uint8Array> {
  let index = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        while (index < steps.length) {
          const step = steps[index++];
          if (step === undefined) break;
          if ('write' in step) {
            controller.enqueue(
              typeof step.write === 'string' ? encoder.encode(step.write) : step.write,
            );
            return;
          }
          if ('pauseMs' in step) {
            await new Promise<void>((resolve) => {
              timer = unrefTimeout(resolve, step.pauseMs);
            });
            timer = undefined;
            continue;
          }
          controller.error(new TypeError('terminated'));
          return;
        }
        controller.close();
      },
      cancel() {
        if (timer !== undefined) clearTimeout(timer);
        index = steps.length;
      },
    },
    // Pull one step at a time so a pause really holds the next chunk back.
    { highWaterMark: 0 },
  );
}

/** Carries out a plan as an msw response. */
export async function responseFromPlan(plan: ResponsePlan): Promise<Response> {
  await sleep(plan.delayMs);
  if (plan.kind === 'reset') return HttpResponse.error();
  const { status, headers, body } = plan;
  if (body.length === 0) return new HttpResponse(null, { status, headers });
  const [only] = body;
  if (
    body.length === 1 &&
    only !== undefined &&
    'write' in only &&
    typeof only.write === 'string'
  ) {
    return new HttpResponse(only.write, { status, headers });
  }
  return new HttpResponse(bodyStream(body), { status, headers });
}

/**
 * msw handlers for one fake. They match by path on any origin, so the SDKs' default base
 * URLs and any custom base URL both reach the fake; other requests fall through.
 */
export function mswHandlersFor(fake: FakeProvider): RequestHandler[] {
  return [
    http.post('*', async ({ request }) => {
      const url = new URL(request.url);
      if (fake.emulation.matchRoute(request.method, url.pathname, url.searchParams) === undefined) {
        return undefined;
      }
      const plan = fake.handle({
        method: request.method,
        url,
        headers: headersToRecord(request.headers),
        bodyText: await request.text(),
      });
      return plan === undefined ? undefined : responseFromPlan(plan);
    }),
  ];
}
