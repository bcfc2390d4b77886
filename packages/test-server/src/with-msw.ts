import type { SetupServer } from 'msw/node';
import type { FakeProvider } from './fake-provider';
import { mswServerForTests } from './use-msw-server';

export { caught } from './caught';
export { collect } from './collect';
export { releaseResponseClones } from './release-response-clones';
export {
  type MswReply,
  type MswServer,
  type SeenRequest,
  useMswServer,
} from './use-msw-server';

/**
 * Registers vitest hooks that route `fetch` to the fakes for the current file (or
 * `describe`): listen before all tests, reset the fakes (queue, log, ids) and msw overrides
 * after each, close after all. Unhandled requests fail, so nothing reaches the network.
 */
export function useFakeProviders(...fakes: FakeProvider[]): SetupServer {
  return mswServerForTests(
    fakes.flatMap((fake) => fake.handlers),
    () => {
      for (const fake of fakes) fake.reset();
    },
  );
}
