import {
  createFakeProvider,
  emulations,
  type FakeServerThread,
  type LoggedRequest,
  type ProviderName,
  startFakeServerThread,
} from '@colloquy/test-server';
import { releaseResponseClones } from '@colloquy/test-server/vitest';
import { type SetupServer, setupServer } from 'msw/node';
import type { ConformanceHarness, HarnessCapability, HarnessRequest } from '../conformance-harness';
import { readAnthropicRequest } from './read-anthropic-request';
import { readGeminiRequest } from './read-gemini-request';
import { readOpenAIRequest } from './read-openai-request';

/** What our adapters take to reach a fake: its key, and the base URL on the loopback server. */
export interface TestServerAdapterOptions {
  apiKey: string;
  baseUrl?: string;
}

export interface TestServerHarnessOptions {
  /**
   * `msw`: handlers in this thread, the adapter keeps its default base URL. `loopback`: a real
   * server on 127.0.0.1, in a worker thread, so the blocking models can reach it too.
   */
  transport: 'msw' | 'loopback';
}

/** Long enough for `scrubSecrets` and the suite's key check to recognise it. */
const API_KEY = 'conformance-test-key-0123456789';

function readRequest(provider: ProviderName, logged: LoggedRequest): HarnessRequest {
  switch (provider) {
    case 'gemini':
      return readGeminiRequest(logged.body, {
        model: logged.parsed?.model ?? /\/models\/([^:]+):/.exec(logged.path)?.[1],
        stream: logged.parsed?.stream ?? logged.path.includes(':streamGenerateContent'),
      });
    case 'openai':
      return readOpenAIRequest(logged.body);
    case 'anthropic':
      return readAnthropicRequest(logged.body);
  }
}

function unsupportedFor(
  provider: ProviderName,
  transport: TestServerHarnessOptions['transport'],
): Partial<Record<HarnessCapability, string>> {
  const unsupported: Partial<Record<HarnessCapability, string>> = {};
  if (emulations[provider].requestIdHeader === undefined) {
    unsupported['request-id'] = `the test server's ${provider} fake sends no request-id header`;
  }
  if (transport === 'msw') {
    unsupported['blocking-models'] =
      'msw answers only this thread, not the worker thread of the blocking models; the loopback run covers them';
  }
  return unsupported;
}

/**
 * A conformance harness over `@colloquy/test-server`'s emulation of `provider`, through msw
 * handlers or through a real loopback server. The test server renders the suite's turns
 * itself, so they pass through unchanged.
 */
export function createTestServerHarness(
  provider: ProviderName,
  { transport }: TestServerHarnessOptions,
): ConformanceHarness<TestServerAdapterOptions> {
  const unsupported = unsupportedFor(provider, transport);

  if (transport === 'msw') {
    const fake = createFakeProvider(provider, { apiKey: API_KEY });
    let server: SetupServer | undefined;
    return {
      unsupported,
      setup() {
        server = setupServer(...fake.handlers);
        releaseResponseClones(server);
        server.listen({ onUnhandledRequest: 'error' });
      },
      reset() {
        server?.resetHandlers();
        fake.reset();
      },
      teardown() {
        server?.close();
      },
      // No baseUrl: msw answers on the provider's own origin, so the default URL is checked too.
      adapterOptions: () => ({ apiKey: API_KEY }),
      enqueue(...replies) {
        fake.enqueue(...replies);
      },
      requests: () => fake.requests.map((logged) => readRequest(provider, logged)),
    };
  }

  let thread: FakeServerThread | undefined;
  const running = (): FakeServerThread => {
    if (thread === undefined) throw new Error('the loopback harness is not set up');
    return thread;
  };
  return {
    unsupported,
    async setup() {
      thread = await startFakeServerThread({ [provider]: { apiKey: API_KEY } });
    },
    async reset() {
      await thread?.reset();
    },
    async teardown() {
      await thread?.close();
    },
    adapterOptions: () => ({ apiKey: API_KEY, baseUrl: running().baseUrlFor(provider) }),
    async enqueue(...replies) {
      await running().enqueue(provider, ...replies);
    },
    async requests() {
      return (await running().requests(provider)).map((logged) => readRequest(provider, logged));
    },
  };
}
