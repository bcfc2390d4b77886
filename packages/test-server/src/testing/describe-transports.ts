import { afterAll, afterEach, beforeAll, describe } from 'vitest';
import type { FakeProvider } from '../fake-provider';
import { type FakeServer, startFakeServer } from '../fake-server';
import type { ProviderName } from '../provider-name';
import { useFakeProviders } from '../with-msw';

export interface Transport {
  kind: 'msw' | 'server';
  /** The base URL an official SDK would be given for this provider. */
  baseUrl(name: ProviderName): string;
}

/** Runs the same tests through msw (default origins) and through the real server. */
export function describeTransports(
  fakes: FakeProvider[],
  body: (transport: Transport) => void,
): void {
  describe('through msw', () => {
    useFakeProviders(...fakes);
    body({
      kind: 'msw',
      baseUrl(name) {
        const fake = fakes.find((candidate) => candidate.name === name);
        if (fake === undefined) throw new TypeError(`no ${name} fake`);
        return fake.emulation.defaultOrigin + fake.emulation.sdkBasePath;
      },
    });
  });
  describe('through the real server', () => {
    let server: FakeServer | undefined;
    beforeAll(async () => {
      server = await startFakeServer(fakes);
    });
    afterEach(() => {
      for (const fake of fakes) fake.reset();
    });
    afterAll(async () => {
      await server?.close();
    });
    body({
      kind: 'server',
      baseUrl(name) {
        if (server === undefined) throw new TypeError('server not started');
        return server.baseUrlFor(name);
      },
    });
  });
}
